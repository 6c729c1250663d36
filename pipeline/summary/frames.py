"""The fixed frames of a theme section: a small grammar of sentence templates, so that a piece of three or
five sections does not repeat "X said most on this. It took up about N per cent ..." under every heading.

Each section takes the frames at its position (section 1 the first lead and share frames, section 2 the
second, ...), so neighbouring sections never share a frame and the same piece always gets the same words.
Only these words frame what the pipeline extracted: who spoke most on a theme (`lead`), who else spoke
(`others`, already joined: "Jane Smith and two other participants") and the theme's share of the talk
(`share`, a phrase from `share_phrase`: "about a third", "nearly all").

How a lead with an apposition is punctuated is settled here, once: "Jane Smith, chief executive of X,
led the discussion" closes the apposition before a verb; "most of it from Jane Smith, chief executive of
X." needs no second comma; "Hon. A (Riding, CPC) led ..." never takes a comma after its parenthesis.
"""

from __future__ import annotations

# (frame without others, frame with others); {lead} is the lead speaker's description, {others} the rest.
LEAD_FRAMES: tuple[tuple[str, str], ...] = (
    ("{lead} said most on this.", "{lead} said most on this, with {others} also contributing."),
    ("{lead} led the discussion.", "{lead} led the discussion, joined by {others}."),
    ("Most of the talk here came from {lead}.", "Most of the talk here came from {lead}, with {others} also taking part."),
    ("{lead} had most to say on this.", "{lead} had most to say on this; {others} also spoke."),
)
# {share} is a share phrase ("about a third", "nearly all"), capitalised when it opens the sentence.
SHARE_FRAMES: tuple[str, ...] = (
    "It took up {share} of the substantive discussion.",
    "The subject took up {share} of the substantive discussion.",
    "{share} of the substantive discussion went on it.",
)

_SHARE_PHRASES = ((1 / 2, "about half"), (1 / 3, "about a third"), (1 / 4, "about a quarter"), (1 / 5, "about a fifth"))


def share_phrase(share: float) -> str:
    """0.51 -> "about half"; 0.33 -> "about a third"; 0.12 -> "about 12 per cent"; 0.996 -> "all", 0.93 ->
    "nearly all" (never "about 100 per cent")."""
    if round(share * 100) >= 100:
        return "all"
    if share >= 0.9:
        return "nearly all"
    for value, phrase in _SHARE_PHRASES:
        if abs(share - value) <= 0.025:
            return phrase
    return f"about {round(share * 100)} per cent"


def capitalise_first(text: str) -> str:
    """Upper-case the first character only: "nine participants from Northtown Council" keeps its names."""
    return text[:1].upper() + text[1:]


def _closes_apposition(lead: str) -> bool:
    """"Jane Smith, chief executive of X" needs a closing comma before a verb; "Hon. A (Riding, CPC)" not."""
    return "," in lead and not lead.endswith(")")


def lead_sentence(position: int, lead: str, others: str = "") -> str:
    """The section's first sentence, in the lead frame for its `position` (0-based)."""
    plain, with_others = LEAD_FRAMES[position % len(LEAD_FRAMES)]
    frame = with_others if others else plain
    before_verb = frame.index("{lead}") + len("{lead}")
    comma = "," if _closes_apposition(lead) and frame[before_verb : before_verb + 1] == " " else ""
    return capitalise_first(frame.replace("{lead}", lead + comma).replace("{others}", others))


def share_sentence(position: int, share: float) -> str:
    """The section's share of the talk, in the share frame for its `position` (0-based)."""
    frame = SHARE_FRAMES[position % len(SHARE_FRAMES)]
    phrase = share_phrase(share)
    return capitalise_first(frame.replace("{share}", phrase))
