"""Tiny transcripts (one or two short turns): one theme, or none without substantive talk; never a crash."""

import pytest

from pipeline.records import Speaker, Transcript, Turn
from pipeline.runner import run
from pipeline.settings import Settings, load_settings
from pipeline.themes import find_themes

from .themes_helpers import parse

TINY = {
    "one turn": [("Ann", "The library closes early now.")],
    "two turns": [("Ann", "Hello there everyone."), ("Bob", "Libraries need more funding.")],
    "two subjects": [("Ann", "The library closes early and the buses are late."), ("Bob", "Library funding is short.")],
    "three turns": [("Ann", "Bus fares went up."), ("Bob", "Bus fares are far too high."), ("Ann", "Yes.")],
    "no content words": [("Ann", "Hello there everyone."), ("Bob", "Yes, we are all here.")],
    "greetings": [("Ann", "Hi all."), ("Bob", "Hi.")],
    "procedural only": [("Ann", "Thank you, Chair."), ("Bob", "Okay.")],
}
SUBSTANTIVE = {"one turn", "two turns", "two subjects", "three turns"}


def tiny_transcript(name, turns):
    return Transcript(
        id=name.replace(" ", "-"),
        title=name,
        turns=tuple(Turn(index=i, speaker=s, text=t) for i, (s, t) in enumerate(turns)),
        speakers=tuple(Speaker(label=label) for label in sorted({s for s, _ in turns})),
    )


@pytest.mark.parametrize("name", list(TINY))
@pytest.mark.parametrize("n_themes", ["auto", "3"])
def test_tiny_transcript_gives_one_theme_or_none(nlp, name, n_themes):
    parsed = parse(nlp, tiny_transcript(name, TINY[name]))
    settings = load_settings(overrides=[f"themes.n_themes={n_themes}"]).themes
    result = find_themes(parsed, settings)
    expected = 1 if name in SUBSTANTIVE else 0
    if n_themes == "auto":
        assert len(result.themes) == expected
    else:
        assert (len(result.themes) > 0) == bool(expected)
    total = sum(t.share for t in result.themes) + result.unassigned_share
    assert total == pytest.approx(1.0 if result.n_words else 0.0, abs=0.002)
    assert all(t.label for t in result.themes)


@pytest.mark.parametrize("text", ["Ann: Hello there.\nBob: Libraries need more funding.\n", "Ann: Thank you, Chair.\n"])
def test_tiny_text_file_through_the_pipeline(tmp_path, text):
    path = tmp_path / "tiny.txt"
    path.write_text(text, encoding="utf-8")
    result = run([path], Settings(), out_dir=tmp_path / "out")
    assert result.ok, [record.error for record in result.inputs]
    (report,) = list(result.iter_reports())
    assert len(report["themes"]) <= 1


def test_tiny_transcripts_in_a_corpus_model(nlp):
    from pipeline.themes import fit_theme_model

    greetings = parse(nlp, tiny_transcript("greetings", TINY["greetings"]))
    talk = parse(nlp, tiny_transcript("two subjects", [("Ann", "Libraries need more funding."), ("Bob", "Bus fares are far too high.")]))
    settings = load_settings().themes
    for corpus in ([greetings, greetings], [greetings, talk], [talk, talk]):
        model = fit_theme_model(corpus, settings)
        assert all(spec.label != "other talk" for spec in model.themes_)
        for parsed in (greetings, talk):
            result = find_themes(parsed, settings, model=model)
            assert sum(t.share for t in result.themes + result.new_themes) + result.unassigned_share == pytest.approx(1.0, abs=0.002)
        assert find_themes(greetings, settings, model=model).unassigned_share == 1.0
