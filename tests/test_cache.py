from pathlib import Path

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


def test_old_temp_files_of_ours_are_swept_and_nothing_else(tmp_path):
    import os
    import time

    from pipeline.writers import _temp_file

    cache = Cache(tmp_path)
    entry = tmp_path / "parse" / "ab" / ("ab" + "0" * 62)
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"entry")
    old_fd, old = _temp_file(entry)
    young_fd, young = _temp_file(entry)
    os.close(old_fd), os.close(young_fd)
    not_ours = tmp_path / "parse" / "ab" / "notes.tmp"
    not_ours.write_text("mine", encoding="utf-8")
    an_hour_ago = time.time() - 2 * 3600
    for path in (old, not_ours):
        os.utime(path, (an_hour_ago, an_hour_ago))
    assert cache.sweep_temp_files() == [Path(old)]
    assert entry.exists() and Path(young).exists() and not_ours.exists() and not Path(old).exists()


def test_a_cache_folder_that_cannot_be_written_warns_once_and_the_run_goes_on(tmp_path, nlp):
    from typer.testing import CliRunner

    from pipeline.cli import app

    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be", encoding="utf-8")
    meeting = tmp_path / "meeting.txt"
    meeting.write_text("Ann: We should fund the library this year.\nBob: I agree with that plan.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["run", str(meeting), "--out", str(out), "--set", f'cache.dir="{not_a_folder}"', "--set", "editor.enabled=false"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count(f"warning: the cache folder {not_a_folder} cannot be written") == 1
    assert (out / "meeting" / "report.json").is_file()


def test_cache_writes_failing_mid_run_warn_once_and_reject_nothing(tmp_path, nlp, monkeypatch):
    import errno
    import warnings

    from pipeline import cache as cache_module
    from pipeline.errors import RoundtableWarning

    def disk_full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(cache_module, "write_bytes_atomic", disk_full)
    transcripts = []
    for name in ("one", "two"):
        transcripts.append(tmp_path / f"{name}.txt")
        transcripts[-1].write_text(f"Ann: We should fund the {name} library.\nBob: I agree with the plan.\n", encoding="utf-8")
    settings = load_settings(overrides=[f'cache.dir="{tmp_path / "cache"}"', "editor.enabled=false"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run(transcripts, settings, out_dir=tmp_path / "out")
    assert result.ok and result.n_processed == 2
    ours = [w for w in caught if issubclass(w.category, RoundtableWarning)]
    assert len(ours) == 1 and "No space left on device" in str(ours[0].message)


def test_stored_parse_holds_what_docbin_stores(nlp, parse_meeting):
    """`docs_bytes` gathers the strings its own way and compresses less: the payload is DocBin's, byte for
    byte, and the docs read back are the same, entities, morphology, a long turn joined from chunks and all."""
    import zlib

    from spacy.tokens import DocBin

    from pipeline.cache import docs_bytes

    docs = list(parse_meeting(shared_meetings("qmsum/ami")[0]).docs)
    long_turn = nlp("First one here. " * 30)  # an entity-free doc, and one with every kind of token below
    mixed = nlp("Dr. Smith visited Paris on 3 May 2021, didn't she? Yes — £40m, she said.")
    docs += [long_turn, mixed, nlp("")]
    ours = docs_bytes(docs)
    theirs = DocBin(docs=docs, store_user_data=False).to_bytes()
    assert zlib.decompress(ours) == zlib.decompress(theirs)
    back = list(DocBin().from_bytes(ours).get_docs(nlp.vocab))
    assert [d.to_bytes() for d in back] == [d.to_bytes() for d in DocBin().from_bytes(theirs).get_docs(nlp.vocab)]
    assert [str(t.morph) for t in back[-2]] == [str(t.morph) for t in mixed]
