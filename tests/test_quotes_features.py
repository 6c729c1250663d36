"""Quotability features: each responds to what it claims to measure, and stays in [0, 1]."""

import pytest

from pipeline.quotes import FEATURE_NAMES, score_lines
from pipeline.settings import QuoteSettings, QuoteWeights

SEED = "If we really want to see change we have to stop buying the old models."


def features_of(nlp, line):
    return score_lines([line], nlp, QuoteSettings())[0]["features"]


def test_every_feature_has_a_weight_setting_and_the_other_way_round():
    assert set(FEATURE_NAMES) == set(QuoteWeights.model_fields)
    for name, field in QuoteWeights.model_fields.items():
        assert field.description, name


@pytest.mark.parametrize(
    "feature, higher, lower",
    [
        ("claim", "We have to stop buying the old models.", "We bought the old models last year."),
        ("claim", "The answer is to buy outcomes, not hours.", "The meeting was held in the town hall."),
        ("claim", "Stop asking whether to share and start asking what to share.", "People asked whether to share."),
        ("contrast", "It is not about the money but about the time we have.", "It is about the money and the time."),
        ("contrast", SEED, "We want to see change and we will stop buying the old models."),
        ("contrast", "The money is there. The speed is not.", "The money is there. We went home."),
        ("we_you", "We cannot keep doing this to our residents.", "Councils cannot keep doing this to residents."),
        ("general", "Councils spend money on what they can see.", "He spent the money on what he saw."),
        ("distinctive_english", "Everybody reaches for the salami slicer.", "Everybody goes for the same thing."),
        ("specifics", "We have to take £52 million out by April 2011.", "We have to take a lot of money out soon."),
        ("fluency", "We have to stop buying the old models.", "We, um, we have to, uh, stop buying the, the old models."),
        ("complete", "We have to stop buying the old models.", "We have to stop buying the old models and"),
        ("hedging", "Maybe we sort of have to stop buying them, I guess.", "We have to stop buying the old models."),
        ("meta_talk", "As I said earlier, Mr. Chair, the budget is too small.", "The budget is too small for what we need."),
        ("standalone", "We will not do across-the-board cuts.", "And that was what it was."),
        ("length", "We will not do across-the-board cuts this year in any department.", "We will not cut."),
        ("concise", "We must act now on the budget gap.", "We must act. The budget gap is real. It grows."),
        ("figure", "Bus use is still 22 per cent below 2019.", "Bus use is still well below what it was."),
        ("pledge", "We will publish the figures by April.", "They published the figures last April."),
        ("pledge", "We will publish the figures by April.", "We will publish the figures."),
        ("negation", "Nobody was in charge and nothing changed.", "Somebody was in charge and things changed."),
        ("question", "Why did the repairs take so long?", "The repairs took far too long."),
        ("accusation", "What you are putting her through is unconscionable.", "What she is going through is hard."),
        ("punchy", "The money's there. The speed isn't.", "The money is there in the budget, but the speed at which it arrives is not what we need."),
        ("first_person", "I sat in all morning and nobody came.", "We sat in all morning and nobody came."),
        ("chairing", "Thank you, Chair, we move to the next item on the agenda.", "The repairs took far too long this winter."),
    ],
)
def test_feature_is_higher_where_its_cue_is(nlp, feature, higher, lower):
    assert features_of(nlp, higher)[feature] > features_of(nlp, lower)[feature]


def test_feature_values_lie_in_the_unit_interval(nlp):
    lines = [SEED, "Um, so, you know, I I think it was, uh, kind of okay.", "Thank you, Chair.", "x", "£££ 123 456"]
    for row in score_lines(lines, nlp, QuoteSettings()):
        assert set(row["features"]) == set(FEATURE_NAMES)
        assert all(0.0 <= value <= 1.0 for value in row["features"].values())
        assert 0.0 <= row["score"] <= 1.0


def test_lone_lines_fall_back_to_the_english_background(nlp):
    features = features_of(nlp, SEED)
    assert features["distinctive_meeting"] == features["distinctive_english"]
    assert features["topical"] == 0.5


# One line each cue matches, to check that the cue's `words` (which let a text skip the search) are in
# every match, whatever its case.
CUE_MATCHES = {
    "CLAIM_CUES": [
        "We have to stop buying them.",
        "You should try it.",
        "We won't give up.",
        "The answer is simple.",
        "What people really need is time.",
        "The only way out is through.",
        "It is essential for everyone.",
        "Let's build it together.",
        "It's time to act.",
        "Nobody asked the residents.",
        "I strongly believe that.",
        "I do think so.",
    ],
    "CONTRAST_CUES": [
        "It is not the money but the time.",
        "It isn't a cost, it's an investment.",
        "Not only cheaper but faster.",
        "The more we wait, the more it costs.",
        "We should build rather than buy.",
        "It works, but slowly.",
        "If we wait another year, nothing changes.",
    ],
    "META_CUES": [
        "Thank you, Mr. Chair.",
        'She said, "no".',
        "He said, That is enough.",
        "Yes, Chair, thank you.",
        "As I said before, it works.",
        "I have already mentioned it.",
        "Going back to the budget, it is short.",
        "My second question is on costs.",
        "This session is about housing.",
        "The next slide shows it.",
        "Can you unmute please.",
        "The honourable member knows this.",
        "Thanks for that.",
        "Let me put it on the record.",
        "You are absolutely right.",
        "I will come back to that.",
        "I wanted to add one thing.",
    ],
}


def _variants(line):
    # Upper case, and the letters IGNORECASE matches to "i", "s" and "k" although `str.lower` does not.
    return [line, line.upper(), line.replace("i", "İ").replace("s", "ſ").replace("k", "\u212a"), line.upper().replace("I", "ı")]


@pytest.mark.parametrize("family", sorted(CUE_MATCHES))
def test_every_match_of_a_cue_holds_one_of_its_words(family):
    from pipeline.quotes import lexicon

    cues = getattr(lexicon, family)
    for cue in cues:
        assert any(cue.pattern.search(line) for line in CUE_MATCHES[family]), f"no example matches {cue.pattern.pattern!r}"
    for line in CUE_MATCHES[family]:
        for text in _variants(line):
            for cue in cues:
                for match in cue.pattern.finditer(text):
                    assert cue.may_match(lexicon.fold(match.group(0))), (cue.name, match.group(0))
                    assert cue.may_match(lexicon.fold(text)), (cue.name, text)


def test_hedges_are_found_whatever_their_case():
    from pipeline.quotes import lexicon

    for text in ("I GUESS it might be fine.", "It's ſort of odd.", "Maybe.", "kinda"):
        matches = list(lexicon.HEDGE_CUE.pattern.finditer(text))
        assert matches and lexicon.HEDGE_CUE.may_match(lexicon.fold(text))
