from pipeline.cache import Cache, parse_with_cache
from pipeline.readers import read_transcript
from pipeline.runner import run
from pipeline.settings import NlpSettings, load_settings

from .conftest import shared_meetings


def _tokens(parsed):
    return [(t.text, t.lemma_, t.pos_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for d in parsed.docs for t in d]


def test_cached_parse_is_identical_to_a_fresh_one(tmp_path, nlp):
    transcript = read_transcript(shared_meetings("qmsum/ami")[0])
    cache = Cache(tmp_path)
    fresh, hit = parse_with_cache(transcript, nlp, NlpSettings(), cache)
    assert not hit
    again, hit = parse_with_cache(transcript, nlp, NlpSettings(), cache)
    assert hit
    assert _tokens(again) == _tokens(fresh)
    assert [d.text for d in again.docs] == [t.text for t in transcript.turns]


def test_chunking_setting_changes_the_key(tmp_path, nlp):
    transcript = read_transcript(shared_meetings("qmsum/ami")[0])
    cache = Cache(tmp_path)
    parse_with_cache(transcript, nlp, NlpSettings(), cache)
    _, hit = parse_with_cache(transcript, nlp, NlpSettings(max_chunk_chars=5_000), cache)
    assert not hit


def test_damaged_entry_is_recomputed(tmp_path, nlp):
    transcript = read_transcript(shared_meetings("qmsum/ami")[0])
    cache = Cache(tmp_path)
    parse_with_cache(transcript, nlp, NlpSettings(), cache)
    for entry in (tmp_path / "parse").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"garbage")
    parsed, hit = parse_with_cache(transcript, nlp, NlpSettings(), cache)
    assert not hit and len(parsed.docs) == len(transcript.turns)


def test_rerun_uses_cache_and_gives_identical_report(tmp_path, nlp):
    meeting = shared_meetings("qmsum/ami")[1]
    settings = load_settings(overrides=[f'cache.dir="{tmp_path / "cache"}"'])
    first = run([meeting], settings, out_dir=tmp_path / "a")
    second = run([meeting], settings, out_dir=tmp_path / "b")
    assert not first.inputs[0].parse_cached and second.inputs[0].parse_cached
    name = meeting.stem.lower()
    assert (tmp_path / "a" / name / "report.json").read_bytes() == (tmp_path / "b" / name / "report.json").read_bytes()
