#!/usr/bin/env bash
# Install the project into .venv and run the main job on the sample transcripts in transcripts/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e .
roundtable run transcripts/ --out out "$@"
