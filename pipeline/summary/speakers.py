"""How the piece names the people in the room: house-style attributions ("Jane Smith, chief executive of
Example City Council"), short names, the chair, unidentified speakers and the Chatham House style.

`describe_speaker` is the one helper every part of the summary uses to name a speaker; the rest are its
parts and the facts it rests on (who chairs, which labels name nobody).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional, Sequence

from ..records import Speaker, Transcript
from .phrases import _count_phrase, _join

# Roles and labels of whoever chairs the meeting: "Chair", "Editor (chair)", "The Acting Chair (Mr. X)".
_CHAIR = re.compile(
    r"^(the )?(acting |deputy )?(chair|chairman|chairwoman|chairperson|convener|convenor|moderator|host)\b"
    r"|\((chair|moderator|host)\)",
    re.IGNORECASE,
)


_CHAIR_LABEL = re.compile(
    r"^(the )?(acting |deputy )?(chair|chairman|chairwoman|chairperson|speaker)\b\s*(\((?P<name>.+)\))?$",
    re.IGNORECASE,
)


# Words that start a proper-noun tail of a role ("Minister for Education"): kept as written.
_ROLE_TAIL = frozenset({"of", "for", "at", "to", "in"})


def house_role(role: str) -> str:
    """A role in house style: lower case up to a proper-noun tail ("Chief Executive" -> "chief executive",
    "Minister for Education" -> "minister for Education"); acronyms ("CEO") stay as they are."""
    words = role.split()
    out = []
    tail = False
    for word in words:
        if tail or (word.isupper() and len(word) > 1):
            out.append(word)
        else:
            out.append(word.lower() if word[:1].isupper() and word[1:].islower() or word.islower() else word)
        if word.lower() in _ROLE_TAIL:
            tail = True
    return " ".join(out)


def house_attribution(speaker: Speaker) -> str:
    """'Jane Smith, chief executive of Example City Council' from the registry; the label when unknown."""
    name = display_name(speaker)
    role = house_role(speaker.role) if speaker.role else None
    organisation = speaker.organisation
    if speaker.constituency:
        # A member of a chamber: constituency and party as the transcript gives them, "Mr. Fayal El-Khoury
        # (Laval—Les Îles, Lib.)", never "Mr. Fayal El-Khoury of Lib.".
        where = ", ".join(part for part in (speaker.constituency, organisation) if part)
        return f"{name}, {role} ({where})" if role else f"{name} ({where})"
    if role and organisation:
        # "director of housing at Westbrook City Council", never "director of housing of ..."
        joiner = "at" if re.search(r"\b(of|for|at)\b", role) else "of"
        return f"{name}, {role} {joiner} {organisation}"
    if role:
        return f"{name}, {role}"
    if organisation:
        return f"{name} of {organisation}"
    return name


def short_name(speaker: Speaker) -> str:
    """How the piece names someone after the first mention: their name without role."""
    return display_name(speaker)


# named: name, role and organisation; chatham_house: a role only; anonymous: neither ("a participant").
ATTRIBUTION_STYLES = ("named", "chatham_house", "anonymous")


# Under the Chatham House Rule a role is cut before what would place the person ("director of housing
# at Westbrook City Council" -> "director"), and a bracket goes ("Editor (chair)" -> "editor").
_ROLE_PLACE = re.compile(r"\s*\(.*$|\s+(?:of|for|at|in|to)\s.*$", re.IGNORECASE)


def describe_speaker(speaker: Speaker, *, style: str = "named", full: bool = True, chair: bool = False) -> str:
    """How the piece names a speaker: the one helper every part of the summary uses (lower case at the
    start; capitalise it to open a sentence).

    named: "Jane Smith, chief executive of Example City Council" (`full`), "Jane Smith" after the first
    mention; a label that names nobody reads "an unidentified speaker" (SPEAKER_02) or "a participant" (Q).
    chatham_house: a role only, never a name or an organisation: "the chair", "a chief executive",
    else "a participant". anonymous: "the chair" or "a participant", for everyone.
    """
    if style not in ATTRIBUTION_STYLES:
        raise ValueError(f"attribution style {style!r}: expected one of {', '.join(ATTRIBUTION_STYLES)}")
    if style == "anonymous":
        return "the chair" if chair else "a participant"
    if style == "chatham_house":
        if chair:
            return "the chair"
        role = house_role(_ROLE_PLACE.sub("", speaker.role or "")).strip() or (role_label(speaker) or "")
        role = "" if role.startswith("participant from") else role
        if not role or _CHAIR.search(role):
            return "a participant"
        return _count_phrase(1, role, article=True)
    anonymous = anonymous_description(speaker)
    if anonymous is not None:
        return anonymous
    return house_attribution(speaker) if full else short_name(speaker)


def withholds_names(style: str) -> bool:
    """Whether the style keeps every name (and organisation) out of what it prints."""
    return style != "named"


def participant_names(transcript: Transcript) -> frozenset[str]:
    """The words of every participant's name (registry name, else a label that names a person) and their
    organisations (whole), for keeping them out of a piece under the Chatham House Rule: "Garnett",
    "Genuis" from "Mr. Garnett Genuis (Sherwood ParkFort Saskatchewan, CPC)" (honorifics and
    post-nominals left out), "Westbrook Tenants' Federation"."""
    words: set[str] = {speaker.organisation for speaker in transcript.speakers if speaker.organisation}
    for speaker in transcript.speakers:
        if speaker.name is None and anonymous_description(speaker) is not None:
            continue
        name = re.sub(r"\(.*", "", display_name(speaker))
        for word in re.findall(r"[^\W\d_][\w'’-]*", name):
            if len(word) > 2 and word[0].isupper() and word.lower() not in _HONORIFICS and not word.isupper():
                words.add(word)
    return frozenset(words)


# Words of an organisation's name that place nobody ("Council", "Borough", "London").
_INSTITUTION_WORDS = frozenset(
    "council city county borough district metropolitan london services service support federation association "
    "trust review town hall group society partnership authority department ministry office university college "
    "school company limited ltd board committee agency foundation national government tenants tenants' housing "
    "health the and for new north south east west royal public community centre center institute network "
    "alliance union church fund care local regional parliament assembly house commons".split()
)

_HONORIFICS = frozenset("mr mrs ms miss dr hon the chair chairman chairwoman sir dame lord lady prof professor rev".split())


def placing_words(transcript: Transcript) -> frozenset[str]:
    """The words of the organisations' names that place someone ("Brackleton" of "Brackleton Council",
    "Ravensbourne" of "London Borough of Ravensbourne"), not the words any institution has ("Council",
    "Borough", "London"): kept out with `participant_names` by the styles that withhold names."""
    words: set[str] = set()
    for organisation in {s.organisation for s in transcript.speakers if s.organisation}:
        for word in re.findall(r"[^\W\d_][\w'’-]*", organisation):
            if len(word) > 2 and word[0].isupper() and word.lower() not in _INSTITUTION_WORDS:
                words.add(word)
    return frozenset(words)


def withheld_words(transcript: Transcript) -> frozenset[str]:
    """What a style that withholds names keeps out of everything it prints: the participants' names and
    organisations (`participant_names`) and the words that place them (`placing_words`)."""
    return participant_names(transcript) | placing_words(transcript)


def names_a_participant(text: str, names: frozenset[str]) -> bool:
    """Whether `text` says one of `names` (whole words, as capitalised; a name of several words as a
    phrase)."""
    if any(name in text for name in names if " " in name):
        return True
    words = re.findall(r"[\w'’-]+", text)
    return any(word in names or re.sub(r"['’]s$", "", word) in names for word in words)  # "David's right"


def chair_labels(transcript: Transcript) -> frozenset[str]:
    """The labels of whoever chairs the meeting (one person, maybe under two labels).

    The first speaker whose registry role or label says chair (a tenants' federation's chair who joins
    later is a participant, not the meeting's chair); failing that, the first speaker when they also
    takes a large share of the turns (at least 15% and half the busiest speaker's), as a chair does.
    """
    order = list(dict.fromkeys(turn.speaker for turn in transcript.turns))
    chair = next(
        (label for label in order if _CHAIR.search(transcript.speaker(label).role or "") or _CHAIR.search(label)),
        None,
    )
    if chair is None and len(order) > 2:
        n_turns = Counter(turn.speaker for turn in transcript.turns)
        if n_turns[order[0]] >= max(max(n_turns.values()) / 2, 0.15 * len(transcript.turns)):
            chair = order[0]
    if chair is None:
        return frozenset()
    name = transcript.speaker(chair).name
    same = {label for label in order if name and transcript.speaker(label).name == name}
    # "Chair" and "The Chair (Hon. Anthony Rota ...)" are one role in a committee transcript.
    same |= {label for label in order if _CHAIR_LABEL.match(label) and _CHAIR_LABEL.match(chair)}
    return frozenset({chair, *same})


def chair_named_as_such(transcript: Transcript, chairs: frozenset[str]) -> bool:
    """Whether the chair's registry role or label says so ("Editor (chair)", "The Chair"), rather than
    `chair_labels` inferring it from who opens and speaks most."""
    return any(_CHAIR.search(transcript.speaker(label).role or "") or _CHAIR.search(label) for label in chairs)


def _title_case_caps(name: str) -> str:
    """"JOHN BROWN" -> "John Brown", "MARY O'BRIEN-SMITH" -> "Mary O'Brien-Smith"; a name that is not all
    capitals stays as written ("Kirsty Williams AM")."""
    if not (name.isupper() and sum(ch.isalpha() for ch in name) > 3):
        return name
    # Each run of letters capitalised: "O'BRIEN-SMITH" -> "O'Brien-Smith", "MCDONALD" -> "Mcdonald".
    return re.sub(r"[A-Z]+", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), name)


def display_name(speaker: Speaker) -> str:
    """A speaker's name for prose: the registry's, else the label, with a committee's "The Chair (Hon. X)"
    read as X; an all-capitals name title-cased ("JOHN BROWN" -> "John Brown"); "an unidentified speaker"
    for a speaker nobody has named (`Speaker.unidentified`: "SPEAKER_02", "Speaker 2", "Unknown", "Q")."""
    if speaker.unidentified:
        return UNIDENTIFIED
    if speaker.name:
        return _title_case_caps(speaker.name)
    match = _CHAIR_LABEL.match(speaker.label)
    if match and match.group("name"):
        return _title_case_caps(match.group("name").strip())
    return _title_case_caps(speaker.label)


UNIDENTIFIED = "an unidentified speaker"


# Labels that name no person but a part in the conversation: interview roles and other single letters
# ("Interviewer", "B"); "Q", "A" and diarization labels are unidentified speakers (see `Speaker.unidentified`).
_ROLE_LABEL = re.compile(r"^(?:[A-Za-z]\.?|interviewer|interviewee|respondent|question|answer)$", re.IGNORECASE)


def _distinguish_unidentified(lead: str, others: list[str]) -> list[str]:
    """Several unidentified speakers in one sentence are told apart by count, not repeated: "an
    unidentified speaker said most on this, with another (two other) unidentified speaker(s) ..."."""
    n_unidentified = sum(1 for name in others if name == UNIDENTIFIED)
    if not n_unidentified or (n_unidentified == 1 and lead != UNIDENTIFIED):
        return others
    named = [name for name in others if name != UNIDENTIFIED]
    if lead == UNIDENTIFIED:
        phrase = "another unidentified speaker" if n_unidentified == 1 else f"{_count_phrase(n_unidentified, 'other unidentified speaker')}"
    else:
        phrase = _count_phrase(n_unidentified, "unidentified speaker")
    return [*named, phrase]


# A label naming a job rather than a person, when no registry names them ("Project Manager", "Industrial
# Designer"), or a function ("Marketing", "User Interface", as in the AMI meetings).
_ROLE_NOUNS = frozenset(
    "manager designer director officer executive expert engineer analyst consultant secretary clerk adviser "
    "advisor coordinator facilitator researcher administrator".split()
)
_FUNCTION_LABELS = frozenset({"marketing", "user interface", "finance", "sales", "design", "engineering", "legal", "communications", "operations"})


def role_label(speaker: Speaker) -> Optional[str]:
    """The job a label names when nobody is named: "Project Manager" -> "project manager", "Marketing" ->
    "participant from marketing"; None for a person's name or a registry entry."""
    if speaker.name or speaker.role or speaker.unidentified:
        return None
    words = speaker.label.split()
    if not 1 <= len(words) <= 3 or not all(word[:1].isupper() and word.isalpha() for word in words):
        return None
    if words[-1].lower() in _ROLE_NOUNS and len(words) > 1:
        return speaker.label.lower()
    if speaker.label.lower() in _FUNCTION_LABELS:
        return f"participant from {speaker.label.lower()}"
    return None


def anonymous_description(speaker: Speaker) -> Optional[str]:
    """"an unidentified speaker" for a speaker nobody has named (a diarization label, "Unknown", "Q" or "A"
    without a registry), "a participant" for an interview role or other one-letter label, "the project
    manager" for a label naming a job (`role_label`); None for a person's name."""
    if speaker.unidentified:
        return UNIDENTIFIED
    if speaker.name:
        return None
    if _ROLE_LABEL.match(speaker.label.strip()):
        return "a participant"
    role = role_label(speaker)
    return f"the {role}" if role else None


def describe_group(speakers: Sequence[Speaker]) -> str:
    """Who met, from the registry: "six chief executives and a partnerships director" when everyone has a
    role and there are few kinds of role; else "nine participants from seven organisations"."""
    roles = [house_role(s.role) if s.role else None for s in speakers]
    if speakers and all(roles):
        counts = Counter(roles)
        if len(counts) <= 3:
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], roles.index(kv[0])))
            return _join([_count_phrase(n, role, article=True) for role, n in ordered])
    who = _count_phrase(len(speakers), "participant")
    organisations = [o for o in dict.fromkeys(s.organisation for s in speakers) if o]
    if organisations and len(organisations) <= 3:
        who += f" from {_join(organisations)}"
    elif organisations:
        who += f" from {_count_phrase(len(organisations), 'organisation')}"
    return who

