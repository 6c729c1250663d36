"""Fingerprints of each stage's outputs on a few meetings, for `tests/test_stages.py`.

    python tests/stage_fingerprints.py --update    # after bumping a stage's version in pipeline/stages.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FINGERPRINTS = ROOT / "tests" / "data" / "stage_fingerprints.json"
# Small meetings of three kinds, and a sample written for the project.
MEETINGS = ("qmsum/ami/ES2005a.json", "qmsum/icsi/Bro008.json", "qmsum/committee/education_19.json")
SAMPLES = ("council-roundtable-2011.txt",)


def meeting_paths(shared_data: Path) -> list[Path]:
    return [shared_data / name for name in MEETINGS] + [ROOT / "transcripts" / name for name in SAMPLES]


def fingerprints(parse, paths) -> dict[str, dict[str, str]]:
    """stage -> {file name: sha256 of the stage's report part} for default settings."""
    from pipeline.nlp import model_info
    from pipeline.runner import process_transcript_staged
    from pipeline.settings import Settings

    settings = Settings()
    out: dict[str, dict[str, str]] = {"quotes": {}, "themes": {}, "summary": {}}
    for path in paths:
        parsed = parse(path)
        report, _, _ = process_transcript_staged(parsed, settings, model={"name": "fingerprint", "version": "0"})
        parts = {
            "quotes": report["quotes"],
            "themes": {"themes": report["themes"], "themes_info": report["themes_info"]},
            "summary": report["summary"],
        }
        for stage, part in parts.items():
            data = json.dumps(part, ensure_ascii=False, sort_keys=True).encode("utf-8")
            out[stage][path.name] = hashlib.sha256(data).hexdigest()
    return out


def stored() -> dict:
    return json.loads(FINGERPRINTS.read_text(encoding="utf-8"))


def main() -> None:
    if "--update" not in sys.argv:
        print(__doc__)
        return
    sys.path.insert(0, str(ROOT))
    import os

    from pipeline.nlp import nlp_for, parse_transcript
    from pipeline.readers import read_transcript
    from pipeline.settings import NlpSettings
    from pipeline.stages import STAGES

    nlp = nlp_for(NlpSettings())
    shared = Path(os.environ.get("ROUNDTABLE_SHARED_DATA", ROOT.parent / "shared" / "data"))
    prints = fingerprints(lambda p: parse_transcript(read_transcript(p), nlp, NlpSettings()), meeting_paths(shared))
    data = {stage.name: {"version": stage.version, "outputs": prints[stage.name]} for stage in STAGES}
    FINGERPRINTS.parent.mkdir(parents=True, exist_ok=True)
    FINGERPRINTS.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {FINGERPRINTS}")


if __name__ == "__main__":
    main()
