"""The brief as reported speech: every line attributed, a frame from the fixed set, only spoken words
between the quotation marks; and the Chatham House Rule (roles only, never a name)."""

import re

import pytest

from pipeline.quotes import extract_quotes
from pipeline.records import Speaker, SummarySentence, count_words
from pipeline.settings import SummarySettings
from pipeline.summary import render_summary_html, render_summary_markdown, summarise
from pipeline.summary.brief import summarise_brief
from pipeline.summary.speakers import (
    chair_labels,
    describe_speaker,
    names_a_participant,
    participant_names,
)
from pipeline.summary.reported import (
    CLOSE_QUOTE,
    MAX_ATTRIBUTION_WORDS,
    OPEN_QUOTE,
    REPORTING_FRAMES,
    quoted_text,
    report_brief,
)
from pipeline.summary.sentences import clean_reading
from pipeline.themes import find_themes

from .conftest import ROOT
from .quotes_helpers import make_parsed

ROUNDTABLE = ROOT / "transcripts" / "council-roundtable-2011.txt"
HOUSING = ROOT / "transcripts" / "housing-panel-2024.vtt"


def test_the_frames_are_a_fixed_small_set():
    assert REPORTING_FRAMES == ("said:", "told the meeting:", "added:")


def check_lines(brief, transcript, style="named"):
    """The print rules of a reported brief, shared with the test over every shared meeting."""
    covered = []
    for number, line in enumerate(brief.lines):
        assert line.frame in REPORTING_FRAMES, line.text
        who = line.attribution[:1].upper() + line.attribution[1:]
        inside = " ".join(brief.sentences[i].text for i in line.quoted)
        comma = "," if "," in line.attribution and not line.attribution.endswith(")") else ""
        # nothing but the attribution and a frame outside the marks: no paraphrase, no words of ours
        assert line.text == f"{who}{comma} {line.frame} {OPEN_QUOTE}{inside}{CLOSE_QUOTE}"
        assert quoted_text(line) == inside
        for i in line.quoted:
            sentence = brief.sentences[i]
            assert sentence.speaker == line.speaker
            turn = transcript.turns[sentence.turn_index]
            assert turn.text[sentence.start : sentence.end] == sentence.verbatim
            assert sentence.text == clean_reading(sentence.verbatim)
        if number:  # consecutive sentences of one speaker share one line; never "said:" twice running
            assert brief.lines[number - 1].speaker != line.speaker
            assert not (line.frame == "said:" == brief.lines[number - 1].frame)
        covered.extend(line.quoted)
    assert covered == list(range(len(brief.sentences)))
    assert brief.n_words <= brief.budget
    assert brief.text == " ".join(line.text for line in brief.lines)


@pytest.mark.parametrize("path", [ROUNDTABLE, HOUSING], ids=lambda p: p.stem)
@pytest.mark.parametrize("budget", [40, 120, 300])
def test_reported_brief_quotes_only_what_was_said_and_fits_its_budget(parse_meeting, path, budget):
    parsed = parse_meeting(path)
    brief = summarise_brief(parsed, SummarySettings(brief_words=budget))
    assert brief.lines
    check_lines(brief, parsed.transcript)


def test_named_lines_give_name_and_role_then_the_name(parse_meeting):
    parsed = parse_meeting(ROUNDTABLE)
    brief = summarise_brief(parsed, SummarySettings(preset="full"))
    seen = set()
    for line in brief.lines:
        speaker = parsed.transcript.speaker(line.speaker)
        if line.speaker in seen:
            assert line.frame == "added:" and line.attribution == speaker.name
        elif count_words(describe_speaker(speaker)) > MAX_ATTRIBUTION_WORDS:  # the participants list has it all
            assert line.attribution == speaker.name and line.frame != "added:"
        else:
            assert line.attribution.startswith(f"{speaker.name}, ") and line.frame != "added:"
            assert speaker.organisation in line.attribution
        seen.add(line.speaker)


def _sentence(speaker, turn, text):
    return SummarySentence(text=text, sources=(turn,), kind="extract", speaker=speaker, turn_index=turn,
                           start=0, end=len(text), verbatim=text)


def test_lines_share_a_speaker_and_vary_their_frames(nlp):
    speakers = [Speaker("IS", "Ian Stroud", "Chief Executive", "Brackleton Council"),
                Speaker("MH", "Margaret Hollins", "Chief Executive", "Aldermoor Council"),
                Speaker("TR", "Tom Reddaway", "Partnerships Director", None)]
    turns = [("IS", "The money's there."), ("IS", "The speed isn't."), ("MH", "We cut the bus budget by half."),
             ("TR", "Our contract ends next year."), ("IS", "We will publish the plan in May.")]
    parsed = make_parsed(nlp, turns, speakers=speakers)
    sentences = [_sentence(s, i, t) for i, (s, t) in enumerate(turns)]
    lines = report_brief(sentences, parsed.transcript)
    assert [line.text for line in lines] == [
        "Ian Stroud, chief executive of Brackleton Council, said: \u201cThe money's there. The speed isn't.\u201d",
        "Margaret Hollins, chief executive of Aldermoor Council, told the meeting: \u201cWe cut the bus budget by half.\u201d",
        "Tom Reddaway, partnerships director, said: \u201cOur contract ends next year.\u201d",
        "Ian Stroud added: \u201cWe will publish the plan in May.\u201d",
    ]
    assert lines[0].quoted == (0, 1) and lines[0].sources == (0, 1)
    chatham = report_brief(sentences, parsed.transcript, style="chatham_house")
    assert [line.text.split(" \u201c")[0] for line in chatham] == [
        "One chief executive said:",
        "Another chief executive told the meeting:",
        "One partnerships director said:",
        "One chief executive added:",  # two chief executives: "the same" would not say which
    ]


def test_a_sentence_without_a_speaker_is_refused(nlp):
    parsed = make_parsed(nlp, [("A", "The council cut the bus budget by half.")])
    orphan = SummarySentence(text="The council cut the bus budget.", sources=(0,), kind="extract")
    with pytest.raises(ValueError, match="attributed"):
        report_brief([orphan], parsed.transcript)


@pytest.mark.parametrize(
    "speaker, chair, named, chatham",
    [
        (Speaker("IS", "Ian Stroud", "Chief Executive", "Brackleton Council"), False,
         "Ian Stroud, chief executive of Brackleton Council", "a chief executive"),
        (Speaker("D", "Daniel Asante", "Director of Housing", "Westbrook City Council"), False,
         "Daniel Asante, director of Housing at Westbrook City Council", "a director"),
        (Speaker("E", "Ann Ode", "Editor (chair)", "Town Hall Review"), True, "Ann Ode, editor (chair) of Town Hall Review", "the chair"),
        (Speaker("SPEAKER_02"), False, "an unidentified speaker", "a participant"),
        (Speaker("Q"), False, "an unidentified speaker", "a participant"),  # Q without a registry names nobody
        (Speaker("B"), False, "a participant", "a participant"),  # a one-letter part in the talk
        (Speaker("Mr. Garnett Genuis (Sherwood ParkFort Saskatchewan, CPC)"), False,
         "Mr. Garnett Genuis (Sherwood ParkFort Saskatchewan, CPC)", "a participant"),
    ],
)
def test_describe_speaker_in_each_style(speaker, chair, named, chatham):
    assert describe_speaker(speaker, chair=chair) == named
    assert describe_speaker(speaker, style="chatham_house", chair=chair) == chatham


def test_participant_names_leave_out_honorifics_and_places():
    from pipeline.records import Transcript, Turn

    speakers = (Speaker("Mr. Garnett Genuis (Sherwood ParkFort Saskatchewan, CPC)"), Speaker("SPEAKER_01"),
                Speaker("IS", "Ian Stroud", "Chief Executive", "Brackleton Council"))
    transcript = Transcript(id="t", title="t", turns=(Turn(0, "IS", "Hello."),), speakers=speakers)
    names = participant_names(transcript)
    assert names == {"Garnett", "Genuis", "Ian", "Stroud", "Brackleton Council"}
    assert names_a_participant("Thank you, Ian, for that.", names)
    assert names_a_participant("We at Brackleton Council agree.", names)
    assert names_a_participant("From the supplier side I'd say Ian's right.", names)  # a possessive names them too
    assert not names_a_participant("The council in Sherwood Park agreed.", names)


@pytest.fixture(scope="module")
def chatham_pieces(parse_meeting, settings):
    pieces = []
    for path in (ROUNDTABLE, HOUSING):
        parsed = parse_meeting(path)
        quotes = extract_quotes(parsed, settings.quotes)
        themes = find_themes(parsed, settings.themes, quotes=quotes, seed=settings.seed).themes
        summary_settings = SummarySettings(preset="full", attribution="chatham_house")
        summary = summarise(parsed, summary_settings, quotes=quotes, themes=themes)
        pieces.append((parsed, summary, summary_settings))
    return pieces


def test_chatham_house_piece_names_nobody(chatham_pieces):
    for parsed, summary, summary_settings in chatham_pieces:
        markdown = render_summary_markdown(summary, summary_settings)
        html = render_summary_html(summary, summary_settings)
        text = markdown.split("\n---\n")[0]  # the piece, not its list of sources
        names = participant_names(parsed.transcript)
        organisations = {s.organisation for s in parsed.transcript.speakers if s.organisation}
        assert names and summary.brief.lines and summary.sections
        for name in names:
            assert not re.search(rf"\b{re.escape(name)}\b", text), name
            assert not re.search(rf"\b{re.escape(name)}\b", html), name
        for organisation in organisations:
            assert organisation not in text and organisation not in html, organisation
        assert all(p.name is None for p in summary.participants)
        assert "Chatham House Rule" in summary.standfirst[0].text
        check_lines(summary.brief, parsed.transcript, "chatham_house")
        chairs = chair_labels(parsed.transcript)
        for line in summary.brief.lines:
            assert re.match(r"(One|Another|The same|The) ", line.text), line.text
            assert line.speaker not in chairs or line.attribution == "the chair"
