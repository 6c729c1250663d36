import pytest

from pipeline.quotes import extract_quotes
from pipeline.records import Speaker
from pipeline.settings import SummarySettings
from pipeline.summary import summarise
from pipeline.summary.brief import summarise_brief
from pipeline.summary.compose import compose_summary
from pipeline.summary.speakers import chair_labels, house_attribution, house_role
from pipeline.themes import find_themes

from .conftest import ROOT
from .quotes_helpers import make_parsed

ROUNDTABLE = ROOT / "transcripts" / "council-roundtable-2011.txt"


@pytest.mark.parametrize(
    "speaker, expected",
    [
        (Speaker("CE1", "Jane Smith", "Chief Executive", "Example City Council"),
         "Jane Smith, chief executive of Example City Council"),
        (Speaker("D", "Daniel Asante", "Director of Housing", "Westbrook City Council"),
         "Daniel Asante, director of Housing at Westbrook City Council"),
        (Speaker("X", "Ann Lee", "CEO", "Tallis Homes"), "Ann Lee, CEO of Tallis Homes"),
        (Speaker("X", "Ann Lee", None, "Tallis Homes"), "Ann Lee of Tallis Homes"),
        (Speaker("X", "Ann Lee", "Partnerships Director", None), "Ann Lee, partnerships director"),
        (Speaker("Kirsty Williams AM"), "Kirsty Williams AM"),
        (Speaker("The Chair (Hon. Anthony Rota (NipissingTimiskaming, Lib.))"), "Hon. Anthony Rota (NipissingTimiskaming, Lib.)"),
    ],
)
def test_house_style_attribution(speaker, expected):
    assert house_attribution(speaker) == expected


def test_house_role_keeps_a_proper_noun_tail():
    assert house_role("Minister for Education") == "minister for Education"
    assert house_role("Joint Chief Executive") == "joint chief executive"


@pytest.fixture(scope="module")
def roundtable(parse_meeting, settings):
    parsed = parse_meeting(ROUNDTABLE)
    quotes = extract_quotes(parsed, settings.quotes)
    themes = find_themes(parsed, settings.themes, quotes=quotes, seed=settings.seed).themes
    return parsed, quotes, themes


@pytest.mark.parametrize("preset", ["brief", "short", "full"])
def test_every_sentence_rests_on_real_turns(roundtable, preset):
    parsed, quotes, themes = roundtable
    summary = summarise(parsed, SummarySettings(preset=preset), quotes=quotes, themes=themes)
    sentences = [summary.headline, *summary.standfirst, *summary.brief.sentences]
    sentences += [s for section in summary.sections for s in section.sentences]
    n_turns = len(parsed.transcript.turns)
    for sentence in sentences:
        assert sentence.text.strip()
        assert sentence.sources, sentence.text
        assert all(0 <= index < n_turns for index in sentence.sources)
    for quote in summary.pull_quotes + tuple(q for s in summary.sections for q in s.quotes):
        assert quote.sources == (quote.turn_index,)


def test_section_quotes_are_verbatim_quotes_of_the_report_with_attribution(roundtable):
    parsed, quotes, themes = roundtable
    summary = summarise(parsed, SummarySettings(preset="full"), quotes=quotes, themes=themes)
    by_id = {quote.id: quote for quote in quotes}
    woven = [q for section in summary.sections for q in section.quotes]
    assert woven, "the sample roundtable should have quotes in its sections"
    for quote in woven + list(summary.pull_quotes):
        original = by_id[quote.quote_id]
        turn = parsed.transcript.turns[quote.turn_index]
        assert (quote.text, quote.verbatim, quote.speaker) == (original.text, original.verbatim, original.speaker)
        assert turn.text[quote.start : quote.end] == quote.verbatim
        assert quote.attribution == house_attribution(parsed.transcript.speaker(quote.speaker))
    for section in summary.sections:
        framed = [s for s in section.sentences if s.kind == "quote"]
        assert len(framed) == len(section.quotes) <= SummarySettings(preset="full").resolved().quotes_per_section
        for sentence, quote in zip(framed, section.quotes):
            assert quote.text.rstrip(".") in sentence.text
            name = parsed.transcript.speaker(quote.speaker).name
            assert name in sentence.text or f"\u201d {name.split()[-1]} " in sentence.text


def test_participants_and_chair_come_from_the_registry(roundtable):
    parsed, quotes, themes = roundtable
    summary = summarise(parsed, SummarySettings(), quotes=quotes, themes=themes)
    labels = {turn.speaker for turn in parsed.transcript.turns}
    # "Chair" and "Helen Marchbank" are one person in the registry, so both labels are the chair's
    assert chair_labels(parsed.transcript) == {"Helen Marchbank", "Chair"} & labels
    names = [p.name for p in summary.participants]
    assert names[0] == "Helen Marchbank" and len(names) == len(set(names)) == 9
    assert "Margaret Hollins, chief executive of Aldermoor Metropolitan Borough Council" in [p.attribution for p in summary.participants]
    assert "chaired by Helen Marchbank" in summary.standfirst[0].text
    # the chair runs the meeting; the headline quotes a participant
    assert summary.headline.speaker not in chair_labels(parsed.transcript)


def test_headline_quote_is_said_verbatim(roundtable):
    parsed, quotes, themes = roundtable
    headline = summarise(parsed, SummarySettings(), quotes=quotes, themes=themes).headline
    assert headline.kind == "quote"
    turn = parsed.transcript.turns[headline.turn_index]
    assert turn.text[headline.start : headline.end] == headline.verbatim
    assert headline.text.endswith("tells roundtable")


def test_presets_change_the_length(roundtable):
    parsed, quotes, themes = roundtable
    brief = summarise(parsed, SummarySettings(preset="brief"), quotes=quotes, themes=themes)
    full = summarise(parsed, SummarySettings(preset="full"), quotes=quotes, themes=themes)
    assert brief.brief.n_words <= 60 < full.brief.n_words <= 200
    assert len(brief.sections) <= 2 < len(full.sections)
    assert len(brief.pull_quotes) <= 1 < len(full.pull_quotes)


def test_stand_in_quote_and_theme_dicts_are_read_by_field_name(nlp):
    turns = [
        ("Ann", "Welcome to the transport panel on rural buses and fares."),
        ("Bob", "Villages like Low Ashby lost their last bus in 2023 and nobody told residents."),
        ("Cat", "Fares went up twice last year, so families drive instead of taking the bus."),
        ("Bob", "We need a network plan, not a route-by-route patch."),
    ]
    speakers = [Speaker("Ann", "Ann Lee", "Chair", "Shire Forum"), Speaker("Bob", "Bob Hart", "Leader", "Shire Council")]
    parsed = make_parsed(nlp, turns, speakers=speakers, title="Rural buses panel")
    text = "We need a network plan, not a route-by-route patch."
    quotes = [{"id": "q3", "text": text, "verbatim": text, "speaker": "Bob", "turn_index": 3,
               "char_start": 0, "char_end": len(text), "score": 0.9}]
    themes = [{"id": "T1", "label": "rural buses", "keywords": ["bus", "village"], "share": 0.5,
               "speakers": [{"speaker": "Bob", "n_words": 20, "share": 0.6}], "quote_ids": ["q3"], "turn_indices": [1, 3]}]
    settings = SummarySettings()
    summary = compose_summary(parsed, settings, brief=summarise_brief(parsed, settings), quotes=quotes, themes=themes)
    (section,) = summary.sections
    assert section.heading == "Rural buses" and section.theme_id == "T1"
    assert section.sentences[0].text.startswith("Bob Hart, leader of Shire Council, said most on this")
    # Bob Hart was named in the sentence before: his surname, not "said Bob Hart" twice in a row
    assert section.sentences[-1].text == "\u201cWe need a network plan, not a route-by-route patch,\u201d Hart said."
    assert section.sentences[-1].sources == (3,)
    assert summary.headline.text == "\u2018We need a network plan, not a route-by-route patch\u2019, leader tells panel"


def test_no_quotes_and_no_themes_still_gives_a_piece(nlp):
    parsed = make_parsed(nlp, [("A", "The library will close on Mondays from April."), ("B", "That saves forty thousand pounds a year.")])
    summary = summarise(parsed, SummarySettings())
    assert summary.sections == () and summary.pull_quotes == ()
    assert summary.headline.text == "Hand-made meeting" and summary.headline.sources
    assert summary.standfirst[0].text == "Two participants took part."


def test_standfirst_keeps_organisation_capitals(nlp):
    turns = [("A", "The library will close on Mondays from April."), ("B", "That saves forty thousand pounds a year.")]
    speakers = [Speaker("A", "Ann Lee", None, "Northtown Council"), Speaker("B", "Bob Hart", None, "Northtown Council")]
    summary = summarise(make_parsed(nlp, turns, speakers=speakers), SummarySettings())
    assert summary.standfirst[0].text.startswith("Two participants from Northtown Council")


def test_share_and_parenthesised_lead_read_as_house_style(nlp):
    label = "Mr. Garnett Genuis (Sherwood ParkFort Saskatchewan, CPC)"
    turns = [
        (label, "Villages like Low Ashby lost their last bus in 2023 and nobody told residents."),
        (label, "Fares went up twice last year, so families drive instead of taking the bus."),
    ]
    parsed = make_parsed(nlp, turns, title="Rural buses committee")
    themes = [{"id": "T1", "label": "rural buses", "share": 0.997, "speakers": [label], "turn_indices": [0, 1]}]
    settings = SummarySettings()
    summary = compose_summary(parsed, settings, brief=summarise_brief(parsed, settings), themes=themes)
    texts = [s.text for s in summary.sections[0].sentences]
    assert texts[0] == f"{label} said most on this."
    assert "100 per cent" not in " ".join(texts)
    assert texts[1] == "It took up all of the substantive discussion."


def test_same_speaker_is_never_attributed_twice_in_a_row(nlp):
    turns = [
        ("Ann", "Welcome to the housing panel on repairs and damp."),
        ("Dan", "Damp and mould complaints doubled in two years across our estates."),
        ("Dan", "We will inspect every flat on the Eastfield estate before the winter starts."),
    ]
    speakers = [Speaker("Ann", "Ann Lee", "Chair", None), Speaker("Dan", "Daniel Asante", "Director of Housing", "Westbrook City Council")]
    parsed = make_parsed(nlp, turns, speakers=speakers, title="Housing panel")
    quotes = []
    for index in (1, 2):
        text = turns[index][1]
        quotes.append({"id": f"q{index}", "text": text, "verbatim": text, "speaker": "Dan", "turn_index": index,
                       "char_start": 0, "char_end": len(text), "score": 1.0 / index})
    themes = [{"id": "T1", "label": "damp", "share": 0.6, "speakers": ["Dan"], "quote_ids": ["q1", "q2"], "turn_indices": [1, 2]}]
    settings = SummarySettings(quotes_per_section=2)
    summary = compose_summary(parsed, settings, brief=summarise_brief(parsed, settings), quotes=quotes, themes=themes)
    texts = [s.text for s in summary.sections[0].sentences]
    assert texts[0].startswith("Daniel Asante, director of Housing at Westbrook City Council, said most on this")
    quoted = [t for t in texts if t.startswith("\u201c")]
    assert len(quoted) == 2
    assert quoted[0].endswith("\u201d Asante said.") and quoted[1].endswith("\u201d Asante added.")
    joined = " ".join(texts)
    assert "said Daniel Asante" not in joined and "added Daniel Asante" not in joined


def _headline_for(nlp, label, text, *, name=None, first=("Chair", "Welcome to the roads panel on potholes and repairs.")):
    turns = [first, (label, text)]
    speakers = [Speaker("Chair", "Ann Lee", "Chair", None), Speaker(label, name)]
    parsed = make_parsed(nlp, turns, speakers=speakers, title="Roads panel")
    quotes = [{"id": "q1", "text": text, "verbatim": text, "speaker": label, "turn_index": 1,
               "char_start": 0, "char_end": len(text), "score": 0.9}]
    settings = SummarySettings()
    return compose_summary(parsed, settings, brief=summarise_brief(parsed, settings), quotes=quotes).headline


@pytest.mark.parametrize(
    "label, name, who",
    [
        ("JOHN BROWN", None, "John Brown"),
        ("X", "MARY O'BRIEN", "Mary O'Brien"),
        ("B", None, "a participant"),
        ("Interviewer", None, "a participant"),
        ("A", None, "an unidentified speaker"),
        ("Q", None, "an unidentified speaker"),
        ("Q", "Jane Smith", "Jane Smith"),
        ("Unknown", None, "an unidentified speaker"),
        ("SPEAKER_02", None, "an unidentified speaker"),
        ("Speaker 2", None, "an unidentified speaker"),
    ],
)
def test_headline_names_people_and_only_people(nlp, label, name, who):
    headline = _headline_for(nlp, label, "Potholes on the A6 cost us four million pounds last winter.", name=name)
    assert headline.kind == "quote"
    assert headline.text == f"\u2018Potholes on the A6 cost us four million pounds last winter\u2019, {who} tells panel"


@pytest.mark.parametrize(
    "text",
    [
        "Do you think the council has enough money for the roads",
        "Why did the council stop filling potholes last winter?",
        "I'd like to thank everyone for coming to the panel today.",
        "We're going to move on to questions from members now.",
    ],
)
def test_headline_never_quotes_a_question_or_a_procedural_line(nlp, text):
    headline = _headline_for(nlp, "Bob", text, name="Bob Hart")
    assert headline.kind != "quote"


def test_surname_leaves_post_nominals_and_brackets():
    from pipeline.summary.compose import _surname

    assert _surname("Kirsty Williams AM") == "Williams"
    assert _surname("Daniel Asante") == "Asante"
    assert _surname("Hon. Ahmed Hussen") == "Hussen"
    assert _surname("Ms. Elizabeth May (SaanichGulf Islands, GP)") == "Ms. Elizabeth May (SaanichGulf Islands, GP)"
    assert _surname("Asante") == "Asante"


def test_unidentified_speakers_are_never_named_by_their_label_in_prose(nlp):
    turns = [
        ("Chair", "Welcome to the panel on the number 12 bus route."),
        ("Q", "Why did the council cut the number 12 bus route last winter after the fare rise?"),
        ("A", "The bus money ran out in October and the number 12 route had to go until April."),
        ("SPEAKER_02", "Losing the number 12 bus route cost me my job at the hospital in October."),
    ]
    speakers = [Speaker("Chair", "Ann Lee", "Chair", None), Speaker("Q"), Speaker("A"), Speaker("SPEAKER_02")]
    parsed = make_parsed(nlp, turns, speakers=speakers, title="Bus panel")
    quotes = [{"id": f"q{i}", "text": text, "verbatim": text, "speaker": label, "turn_index": i,
               "char_start": 0, "char_end": len(text), "score": 0.9 - i / 10} for i, (label, text) in enumerate(turns) if i > 1]
    themes = [{"id": "T1", "label": "bus route", "share": 0.8, "speakers": ["A", "SPEAKER_02", "Q"],
               "quote_ids": ["q2", "q3"], "turn_indices": [1, 2, 3]}]
    settings = SummarySettings(quotes_per_section=2)
    summary = compose_summary(parsed, settings, brief=summarise_brief(parsed, settings), quotes=quotes, themes=themes)
    texts = [summary.headline.text, *(s.text for s in summary.standfirst),
             *(s.text for section in summary.sections for s in section.sentences)]
    for text in texts:
        assert " Q " not in f" {text} " and "SPEAKER_02" not in text and " A said" not in text
    lead = summary.sections[0].sentences[0].text
    assert lead.startswith("An unidentified speaker said most on this, with ")
    assert "another unidentified speaker" in lead or "two other unidentified speakers" in lead
    assert [p.unidentified for p in summary.participants] == [False, True, True, True]


def test_a_headline_may_put_one_sentence_of_a_longer_quote():
    from pipeline.summary.compose import QuoteView, quote_sentences

    turn = "Intro words. The money's there. The speed isn't, and nobody is in charge of it."
    start = turn.index("The money")
    verbatim = turn[start:]
    quote = QuoteView(id="q", text=verbatim, verbatim=verbatim, speaker="A", turn_index=0, start=start, end=len(turn), score=1.0)
    pieces = quote_sentences(quote)
    assert [p.text for p in pieces] == ["The money's there.", "The speed isn't, and nobody is in charge of it."]
    assert all(turn[p.start : p.end] == p.verbatim == p.text for p in pieces)
    # a cleaned reading does not line up with the verbatim: no pieces
    assert quote_sentences(QuoteView(**{**quote.__dict__, "text": verbatim.replace("The speed", "Speed")})) == ()
    one = turn[start : start + len("The money's there.")]
    assert quote_sentences(QuoteView(**{**quote.__dict__, "text": one, "verbatim": one, "end": start + len(one)})) == ()
