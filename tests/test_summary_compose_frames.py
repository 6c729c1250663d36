"""The section frames (pipeline/summary/frames.py): varied between sections, punctuated once, and the
attribution styles' words (named, chatham_house, anonymous) in the piece, the quotes files and the page."""

import re
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.records import Speaker
from pipeline.runner import run
from pipeline.settings import SummarySettings, load_settings
from pipeline.summary import summarise
from pipeline.summary.frames import LEAD_FRAMES, SHARE_FRAMES, lead_sentence, share_sentence
from pipeline.summary.speakers import describe_speaker, role_label

from .conftest import ROOT
from .test_summary_compose import make_parsed

SAMPLE = ROOT / "transcripts" / "council-roundtable-2011.txt"
REGISTRY = ROOT / "transcripts" / "council-roundtable-2011.participants.yaml"


def test_lead_closes_an_apposition_only_before_a_verb():
    lead = "Jane Smith, chief executive of Example City Council"
    assert lead_sentence(0, lead) == f"Jane Smith, chief executive of Example City Council, said most on this."
    assert lead_sentence(2, lead, "Bob Hart") == (
        "Most of the talk here came from Jane Smith, chief executive of Example City Council, with Bob Hart also taking part.")
    assert lead_sentence(1, "Mr. A (Riding, CPC)") == "Mr. A (Riding, CPC) led the discussion."
    assert lead_sentence(0, "an unidentified speaker") == "An unidentified speaker said most on this."
    for position in range(8):
        for text in (lead_sentence(position, lead, "two other participants"), share_sentence(position, 0.996)):
            assert ",," not in text and ", ," not in text and ",." not in text and text[0].isupper()
            assert "100 per cent" not in text


def test_neighbouring_sections_never_share_a_frame(nlp):
    turns = [("Ann", "Welcome to the panel on buses, rents and libraries.")]
    for topic, word in (("Bob", "bus"), ("Cat", "rent"), ("Dan", "library")):
        turns += [(topic, f"The {word} money ran out in October and the {word} service had to stop for winter."),
                  (topic, f"We need a proper {word} plan for the next five years, not a patch.")]
    speakers = [Speaker("Ann", "Ann Lee", "Chair", None)] + [Speaker(x, f"{x} Hart") for x in ("Bob", "Cat", "Dan")]
    parsed = make_parsed(nlp, turns, speakers=speakers, title="Services panel")
    themes = [{"id": f"T{i}", "label": label, "share": 0.3, "speakers": [who], "turn_indices": [1 + 2 * i, 2 + 2 * i]}
              for i, (label, who) in enumerate((("buses", "Bob"), ("rents", "Cat"), ("libraries", "Dan")))]
    summary = summarise(parsed, SummarySettings(n_sections=3), themes=themes)
    leads = [section.sentences[0].text for section in summary.sections]
    shares = [section.sentences[1].text for section in summary.sections]
    assert len(set(leads)) == 3 and len(LEAD_FRAMES) >= 3 and len(SHARE_FRAMES) >= 3
    assert leads[0].startswith("Bob Hart said most on this") and "led the discussion" in leads[1]
    assert len({re.sub(r"about \d+ per cent|about a \w+", "", s) for s in shares}) == 3


def test_role_labels_read_as_roles_and_anonymous_names_nobody():
    assert role_label(Speaker("Project Manager")) == "project manager"
    assert role_label(Speaker("Marketing")) == "participant from marketing"
    assert role_label(Speaker("John Brown")) is None and role_label(Speaker("Grad A")) is None
    assert describe_speaker(Speaker("Industrial Designer")) == "the industrial designer"
    jane = Speaker("Jane", "Jane Smith", "Chief Executive", "Example City Council")
    assert describe_speaker(jane, style="anonymous") == "a participant"
    assert describe_speaker(jane, style="anonymous", chair=True) == "the chair"


def _registry_words() -> set[str]:
    """Every word of every participant's name, every organisation whole and its first word (its place:
    "Brackleton" of "Brackleton Council")."""
    words = set()
    for line in REGISTRY.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s+(name|organisation): (.+)", line)
        if match and match.group(1) == "name":
            words |= {w for w in re.findall(r"[^\W\d_][\w'’-]+", match.group(2)) if w[0].isupper()}
        elif match:
            words |= {match.group(2).strip(), match.group(2).split()[0]}
    return words - {"London"}


@pytest.mark.parametrize("style", ["chatham_house", "anonymous"])
def test_a_style_that_withholds_names_prints_none_in_any_file(tmp_path: Path, style):
    settings = load_settings(overrides=[f"summary.attribution={style}", 'summary.formats=["md","html","docx"]'])
    assert run([SAMPLE], settings, out_dir=tmp_path).ok
    folder = tmp_path / "council-roundtable-2011"
    texts = {name: (folder / name).read_text(encoding="utf-8")
             for name in ("summary.md", "summary.html", "quotes.md", "quotes.csv", "report.html")}
    with zipfile.ZipFile(folder / "summary.docx") as package:
        texts["summary.docx"] = package.read("word/document.xml").decode("utf-8")
    words = _registry_words()
    assert {"Okafor", "Stroud", "Brackleton", "Marchbank"} <= words
    for name, text in texts.items():
        for word in words:
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), f"{style} {name}: {word}"
    assert "“" in texts["quotes.md"] and "withheld" in texts["report.html"]
    if style == "chatham_house":
        assert "a chief executive" in texts["summary.md"].lower()
    # summary.html is a fragment to paste: no document wrapper, sources as data attributes, not as text
    html = texts["summary.html"]
    assert html.lstrip().startswith("<article") and not re.search(r"<(?:!doctype|html|head|body)\b", html, re.IGNORECASE)
    assert "data-turns=" in html and not re.search(r"\bturns? \d", re.sub(r"<[^>]+>", "", html))
    # summary.docx opens (python-docx reads it back) and uses Word's built-in styles only
    document = docx.Document(folder / "summary.docx")
    assert {p.style.name for p in document.paragraphs} <= {"Title", "Subtitle", "Normal", "Heading 1", "Quote", "List Bullet"}
