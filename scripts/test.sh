#!/usr/bin/env bash
# Install the project with its test dependencies into .venv and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e ".[test,bench]"
# The editor's page tests (tests/test_editor_browser.py) drive Debian's Chromium through Playwright; no test
# tool can download a browser here, so it comes from apt (with the fonts the charts are drawn in).
if [ ! -x /usr/bin/chromium ]; then
  apt_install="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core"
  if [ "$(id -u)" -eq 0 ]; then
    bash -c "$apt_install" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo bash -c "$apt_install" >/dev/null
  else
    echo "scripts/test.sh: /usr/bin/chromium is missing and this user can't install it (not root, no sudo):" \
      "the browser tests will be skipped (and fail under CI). Install it with: apt-get install chromium" >&2
  fi
fi
# One pytest worker per core (pytest-xdist; at most 4, or ROUNDTABLE_TEST_WORKERS), tests grouped by the shared
# meeting they parse or else by module, in the order tests/conftest.py gives them (see its docstring).
workers="${ROUNDTABLE_TEST_WORKERS:-$(python -c 'import os; print(min(4, len(os.sched_getaffinity(0))))')}"
set +e
python -m pytest -n "$workers" --dist loadgroup --no-loadscope-reorder "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
