"""Candidate spans: each stand-alone, procedural, question, clause and length rule, on hand-made lines."""

import pytest

from .quotes_helpers import candidate_texts, line_issue_kinds

STANDS_ALONE = "If we really want to see change we have to stop buying the old models."


@pytest.mark.parametrize(
    "line, kind",
    [
        # dangling connectives and links
        ("And so it went on for another three years without anyone noticing.", "connective"),
        ("But the councils never had the money to do it properly.", "connective"),
        ("So we ended up paying twice for the same service.", "connective"),
        ("Which is exactly what the government has been telling us for years.", "connective"),
        ("That's why the contracts have to be shorter and simpler.", "connective"),
        ("Also the buildings are too expensive to heat.", "connective"),
        ("On the other hand the savings were real and they were quick.", "connective"),
        # references with nothing before them
        ("This is what we have been saying for a very long time.", "reference"),
        ("That is the real problem with the whole settlement.", "reference"),
        ("They bought it in September and changed their minds in May.", "reference"),
        ("He told the committee that the figures were wrong.", "reference"),
        ("It means stop specifying inputs and start paying for outcomes.", "reference"),
        ("Tell them you want Mrs Smith to stay safely in her own home.", "reference"),
        ("We have to fix that.", "reference"),
        # replies that only make sense after a question
        ("Yeah, I think so.", "reply"),
        ("I agree with that.", "reply"),
        ("Not the term, a long term can be fine if you want investment.", "reply"),
        ("You can't. What a partner can do is bring things councils are not set up to do.", "reply"),
        ("Nobody round this table is. I'm voting against because of the cost.", "reply"),
        # procedural
        ("I call this meeting to order.", "procedural"),
        ("Thank you, Chair.", "procedural"),
        ("Can you hear me?", "procedural"),
        ("We're going to move on now to some questions on examinations.", "procedural"),
        ("Janet, we can't hear you.", "procedural"),
        ("Hi, I'm David and I'm supposed to be an industrial designer.", "procedural"),
        ("I'm Priya Natarajan and I chair the Westbrook Housing Forum.", "procedural"),
        ("Give me a thumbs up in the chat if you can.", "procedural"),
        ("I'll ask Mark Ellison, our head of passenger transport, to introduce the report.", "procedural"),
        ("I'm very pleased to welcome Kirsty Williams, Minister for Education, and Steve Davies.", "procedural"),
        ("Before you come in, Minister, that is going to have to be the last question.", "procedural"),
        ("I'm keen to go on now to talk about the current situation in schools.", "procedural"),
        ("Let's start with damp and mould, because that's what most of you wrote in about.", "procedural"),
        # pointers into the papers, sound checks, the record, steering the discussion, who one is
        ("The recommendation is in paragraph 2.1 of the report.", "procedural"),
        ("The figures are set out in appendix B of the paper.", "procedural"),
        ("I believe we've got sound again, so Janet can ask her questions.", "procedural"),
        ("Okay, we've got you back now, so let's carry on with the questions.", "procedural"),
        ("As usual, you will be sent a transcript to check for factual accuracy.", "procedural"),
        ("Witnesses will receive a copy of the transcript to check it.", "procedural"),
        ("Let's widen it out to repairs generally.", "procedural"),
        ("Can we broaden the discussion out to the private rented sector?", "procedural"),
        ("I chair Westbrook Tenants' Federation.", "procedural"),
        ("I'm the chair of Eastfield Residents' Association.", "procedural"),
        ("I represent the Northgate Community Council.", "procedural"),
        # questions, and prompts to another participant
        ("Will the minister commit to publishing the full figures today?", "question"),
        ("My question is for the minister about the wage subsidy.", "question"),
        ("Siân, you're the one with two hundred parishes.", "question"),
        # not full clauses
        ("Bins and libraries, every single time, without fail.", "fragment"),
        ("Front-loaded, like everybody else's budget.", "fragment"),
        # trailing off
        ("We were going to do something about the contracts but -", "trailing"),
        ("I think the main thing is, and.", "trailing"),
        ("We have spent the reserves on the roads and so.", "trailing"),
        ("The council will have to raise the tax because.", "trailing"),
        ("We are going to put the rents up, so.", "trailing"),
    ],
)
def test_lines_that_do_not_stand_alone_are_flagged(nlp, line, kind):
    assert kind in line_issue_kinds(nlp, line)
    assert line not in candidate_texts(nlp, line)


@pytest.mark.parametrize(
    "line",
    [
        STANDS_ALONE,
        "We will not do across-the-board cuts.",
        "It is time to stop pretending that the settlement is the whole story.",
        "It costs us three times as much to get a care worker to the north of the county.",
        "Those who shout loudest get the money, and that has to change.",
        "Tell providers you want Mrs Smith to stay safely in her own home, and pay them for that.",
        "Don't tell a provider how many hours of home care to deliver.",
        "Every pound from here on is a pound the public will notice.",
        "Yeah, the money is there but the speed is not.",
        "Look, we spend about £210 million a year with external suppliers.",
        "Who pays for the new models? The residents do, every single year.",
        # a word that can trail off ("so", "cause") finishes the sentence when its full stop follows
        "Councils are being asked to fix a crisis they did not cause.",
        # close to the procedural rules but about the substance
        "We have got to fix the repairs backlog before the winter.",
        "I represent people who have waited years for a repair and they are angry.",
        "The tenants were promised new windows and they deserve to be told so.",
    ],
)
def test_lines_that_stand_alone_are_candidates(nlp, line):
    assert line_issue_kinds(nlp, line) == set()
    assert line in candidate_texts(nlp, line)


def test_spans_cover_one_to_max_sentences_of_one_turn(nlp):
    text = "The money's there. The speed isn't. We need three years, not one."
    spans = candidate_texts(nlp, text, max_sentences=2)
    assert "The money's there. The speed isn't." in spans
    assert "We need three years, not one." in spans
    assert "The speed isn't. We need three years, not one." not in spans  # opens on an elliptical reply
    assert text not in spans  # three sentences, over max_sentences
    assert text in candidate_texts(nlp, text, max_sentences=3)


def test_a_procedural_sentence_is_never_inside_a_span(nlp):
    text = "Thank you, Chair. We have to stop buying the old models."
    spans = candidate_texts(nlp, text)
    assert spans == {"We have to stop buying the old models."}


def test_a_question_put_to_someone_never_ends_or_sits_inside_a_span(nlp):
    text = "We have cut the budget by a third. Can you tell us what the minister intends to do about it?"
    assert candidate_texts(nlp, text) == {"We have cut the budget by a third."}


def test_word_limits_are_applied_to_the_clean_reading(nlp):
    line = "Um, we, we have to, uh, stop."  # 4 words once cleaned
    assert candidate_texts(nlp, line, min_words=4) == {line}
    assert candidate_texts(nlp, line, min_words=5) == set()
    assert candidate_texts(nlp, STANDS_ALONE, max_words=10) == set()


@pytest.mark.parametrize(
    "text",
    [
        "We have to stop. We have to stop buying the old models. Um, we, we have to, uh, stop.",
        "It is a problem. It is, it is a problem! Is it? Yes, you know, it is.",
        "We did th- the work. G great work. I can't. N't is odd. 3 councils agreed.",
        "So {disfmarker} we go. {vocalsound} The cost is high. The ( cost ) is [laughter] high.",
        "It is broken ( they said. So ) it goes. Then [ we. Go ] home.",
        "We we have to go . We have to go . the the cost is high .",
        "Okay, um, we need it. Um, okay. Okay, we need it.",
        "we have to stop we have to stop the the thing and then we go",
    ],
)
def test_a_span_reads_as_its_sentences_cleaned_together(nlp, text):
    """A span of sentences put together from the sentences' clean readings reads exactly as the span
    cleaned as a whole."""
    from pipeline.quotes.candidates import _span_clean, doc_sentences
    from pipeline.quotes.clean import clean_quote

    doc = nlp(text)
    sentences = doc_sentences(doc)
    for i in range(len(sentences)):
        for j in range(i + 1, len(sentences)):
            span = sentences[i : j + 1]
            joined = _span_clean(span, doc.text)
            whole = clean_quote(doc.text[span[0].start : span[-1].end])
            assert (joined.text, joined.removals, joined.n_ellipses) == (whole.text, whole.removals, whole.n_ellipses)
            assert (joined.n_words, joined.n_removed_words) == (whole.n_words, whole.n_removed_words)


@pytest.mark.parametrize(
    "sentence",
    ["We'll bring forward new offences and new penalties for smugglers.", "We'll open the new depot in March."],
)
def test_steering_rule_leaves_substance_alone(sentence):
    from pipeline.procedural import is_procedural

    assert not is_procedural(sentence)


SETUP_TURN = (
    "We did an exercise last year on one family in Calderbrook. Nineteen different agencies involved, eleven of "
    "them from the council alone. Nobody was in charge."
)


def test_a_span_that_ends_on_a_setup_extends_to_its_payoff(nlp):
    spans = candidate_texts(nlp, SETUP_TURN)
    setup = "We did an exercise last year on one family in Calderbrook."
    assert setup not in spans
    payoff = setup + " Nineteen different agencies involved, eleven of them from the council alone."
    assert payoff in spans and SETUP_TURN in spans
    # The verbless payoff is part of the span, not a fragment that lowers it.
    from pipeline.quotes.candidates import doc_sentences, span_issues

    sentences = doc_sentences(nlp(SETUP_TURN))
    assert "fragment" not in {issue.kind for issue in span_issues(sentences[:2])}


@pytest.mark.parametrize(
    "line",
    ["We did an exercise last year on one family in Calderbrook.", "Let me give you an example."],
)
def test_a_setup_that_ends_its_turn_is_left_as_it_is(nlp, line):
    from pipeline.quotes.candidates import doc_sentences

    assert doc_sentences(nlp(line))[0].setup
    assert line in candidate_texts(nlp, line)


def test_a_told_story_is_not_a_setup(nlp):
    from pipeline.quotes.candidates import doc_sentences

    sentence = doc_sentences(nlp("We did an exercise last year and it showed that nobody was in charge of anything."))[0]
    assert not sentence.setup
