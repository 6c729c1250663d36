"""Speaker identity: which of a transcript's labels name the same person.

Parliamentary and committee transcripts name one person several ways: "Hon. Ahmed Hussen (Minister of
Families, Children and Social Development)" on the first turn and "Hon. Ahmed Hussen" after it; "The
Honourable Pablo Rodriguez" and "Hon. Pablo Rodriguez"; "Kirsty Williams AM" and "Kirsty Williams";
"The Chair (Hon. Anthony Rota (Nipissing-Timiskaming, Lib.))" and "The Chair". Counting those as
different speakers splits a person's words and turns, so `identify_speakers` groups the labels:

- Two labels are one person when their names agree once honorifics (Hon., The Right Hon., Mr., Mrs.,
  Ms., Dr., Sir, Dame, Cllr, ...), post-nominal suffixes (MP, MSP, AM, MS, MLA, ...), a parenthesis,
  full stops, accents and case are set aside. Every remaining word must agree: "Julie Morgan AM" and
  "Eluned Morgan AM" stay apart, and so do "Mr. Smith" and "Mr. John Smith" (a surname alone never
  merges: it may be someone else). Two labels naming different constituencies are two people, and
  so are "Mr. Smith" and "Mrs. Smith" (titles of different genders).
- What a parenthesis says is kept: "(Constituency, Party)" (the last part a party abbreviation such as
  "Lib.", "CPC", "NDP") becomes the constituency and organisation, anything else capitalised
  ("Minister of Health") the role. A lowercase parenthesis ("(laughing)") is a stage direction.
- A chair-like role with a person in its parenthesis, "The Chair (Hon. Anthony Rota (...))", is that
  person speaking as chair: the label joins the person's other labels, and the bare role label "The
  Chair" joins them too when every labelled occupant of that role in the transcript is the same person
  (Hansard names the occupant once, then says "The Chair"). When two people are named for one role,
  the bare role label stays a speaker of its own. "The Acting Chair" is a different role from "The
  Chair".

The result is a list of `SpeakerGroup`s (labels in order of first use) with the reasons each label
joined, recorded on the transcript as `merges` so `inspect` and the manifest show them. The registry
overrides the rules both ways (see `pipeline.readers.assemble`): labels its entries give one name are
one speaker, and a label with an entry of its own is never merged into a different person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Optional, Sequence

# Honorifics before a name, compared casefolded without full stops; longest first.
_HONORIFICS = (
    "the right honourable", "the right hon", "the rt honourable", "the rt hon", "right honourable",
    "right hon", "rt honourable", "rt hon", "the honourable", "the hon", "honourable", "hon",
    "the reverend", "reverend", "revd", "rev", "professor", "prof", "doctor", "dr", "mr", "mrs", "ms",
    "miss", "mx", "sir", "dame", "lord", "lady", "baroness", "baron", "councillor", "cllr", "clr",
    "senator", "sen", "rep", "madam", "madame", "mme", "m",
)
# Post-nominal letters after a name.
_SUFFIXES = {"mp", "msp", "am", "ms", "mla", "td", "mep", "qc", "kc", "mbe", "obe", "cbe", "pc", "mpp", "mna"}
# Party abbreviations that end a "(Constituency, Party)" parenthesis (casefolded, full stops removed).
PARTIES = {
    "lib", "cpc", "ndp", "bq", "gp", "ind", "con", "lab", "ld", "libdem", "snp", "plaid", "green", "grn",
    "dup", "sf", "uup", "sdlp", "alliance", "reform", "ukip", "cons", "indep", "independent", "pcc", "d", "r",
}
# Roles that a transcript names with their occupant in brackets: "The Chair (Hon. Anthony Rota)".
_ROLE_TITLE = re.compile(
    r"(?:the\s+)?(?:(?:acting|deputy|vice|assistant|co)[\s-]+)?"
    r"(?:chair|chairman|chairwoman|chairperson|speaker|presiding officer|convener|convenor|clerk|moderator|"
    r"facilitator|president|mayor)",
    re.IGNORECASE,
)


_SAME_NAME = "\0same name"


def is_role_title(text: str) -> bool:
    """"The Chair", "Acting Chair", "The Deputy Speaker": a role a person holds, not their name."""
    return bool(_ROLE_TITLE.fullmatch(" ".join(text.split())))


@dataclass(frozen=True)
class LabelParts:
    """A label read apart: its `base` ("Hon. Ahmed Hussen"), and what its parenthesis said."""

    base: str
    role: Optional[str] = None
    constituency: Optional[str] = None
    organisation: Optional[str] = None
    occupant: Optional["LabelParts"] = None  # the person in "The Chair (Hon. X)"


@dataclass(frozen=True)
class SpeakerGroup:
    """Labels that name one person. `label` is what the merged speaker is called (the base of the label
    used most, ties to the first); `joined` gives, for each label that is not `label` itself, why it
    names this person."""

    label: str
    labels: tuple[str, ...]
    name: Optional[str] = None  # the occupant's name when the speaker is called by a role ("The Chair")
    role: Optional[str] = None
    constituency: Optional[str] = None
    organisation: Optional[str] = None
    joined: tuple[tuple[str, str], ...] = ()


def fold(text: str) -> str:
    """Casefolded, accents and full stops removed, dashes and spaces as one space: the comparison form."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[.,’'`]", "", text.casefold())
    return " ".join(re.sub(r"[-‐-―]", " ", text).split())


def split_parenthesis(label: str) -> tuple[str, Optional[str]]:
    """`"Hon. X (Minister (of Y))"` -> (`"Hon. X"`, `"Minister (of Y)"`): a balanced parenthesis at the end."""
    label = " ".join(label.split())
    if not label.endswith(")"):
        return label, None
    depth = 0
    for position in range(len(label) - 1, -1, -1):
        if label[position] == ")":
            depth += 1
        elif label[position] == "(":
            depth -= 1
            if depth == 0:
                base = label[:position].strip()
                return (base, label[position + 1 : -1].strip()) if base else (label, None)
    return label, None


def read_note(note: Optional[str]) -> dict[str, Optional[str]]:
    """What a parenthesis says: constituency and party, or a role; nothing for a stage direction."""
    if not note or not note[:1].isupper():
        return {}
    parts = [part.strip() for part in note.rsplit(",", 1)]
    if len(parts) == 2 and fold(parts[1]).replace(" ", "") in PARTIES:
        return {"constituency": parts[0] or None, "organisation": parts[1]}
    if fold(note).replace(" ", "") in PARTIES:
        return {"organisation": note}
    return {"role": note}


def parse_label(label: str) -> LabelParts:
    """A label's base and what its parenthesis (if any) says; a role with a person in brackets keeps the
    person as `occupant`."""
    base, note = split_parenthesis(label)
    if note and _ROLE_TITLE.fullmatch(base):
        occupant = parse_label(note)
        if person_key(occupant.base) and occupant.base[:1].isupper():
            return LabelParts(base=base, role=_role_name(base), occupant=occupant)
    return LabelParts(base=base, **read_note(note))


def _role_name(base: str) -> str:
    """"The Acting Chair" -> "Acting Chair"."""
    return re.sub(r"^the\s+", "", base, flags=re.IGNORECASE)


_MALE_TITLES = {"mr", "sir", "lord", "baron", "m"}
_FEMALE_TITLES = {"mrs", "ms", "miss", "lady", "dame", "baroness", "madam", "madame", "mme"}


def title_gender(name: str) -> Optional[str]:
    """"m" or "f" for a name opening with a gendered title ("Mr.", "Mrs.", "Lady"), else None."""
    words = fold(name).split()
    for word in words[:3]:
        if word in _MALE_TITLES:
            return "m"
        if word in _FEMALE_TITLES:
            return "f"
        if word not in {"the", "right", "rt", "hon", "honourable", "dr", "prof", "professor", "cllr", "councillor"}:
            return None
    return None


def person_key(name: str) -> str:
    """The words that identify a person: the name without honorifics, suffixes, case or full stops."""
    words = fold(name).split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        for honorific in _HONORIFICS:
            size = len(honorific.split())
            if len(words) > size and words[:size] == honorific.split():
                words, changed = words[size:], True
                break
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return " ".join(words)


_INITIAL_MARK = "\0initial"


def _without_initials(key: str) -> str:
    """A person key without its middle initials: "harjit s sajjan" -> "harjit sajjan"."""
    words = key.split()
    if len(words) < 3:
        return key
    return " ".join([words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]])


def _initial_merges(keys: Sequence[str]) -> dict[str, str]:
    """key -> the key it is the same person as when the only difference is a middle initial, and only when
    that is not ambiguous: "harjit s sajjan" -> "harjit sajjan" when that key is used too and no other
    initialled key ("harjit k sajjan") shortens to it."""
    present = set(keys)
    shortened: dict[str, set[str]] = {}
    for key in present:
        short = _without_initials(key)
        if short != key:
            shortened.setdefault(short, set()).add(key)
    return {next(iter(full)): short for short, full in shortened.items() if short in present and len(full) == 1}


@dataclass
class _Group:
    key: str
    labels: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    name: Optional[str] = None
    role: Optional[str] = None
    constituency: Optional[str] = None
    organisation: Optional[str] = None
    gender: Optional[str] = None  # of the titles its labels use ("Mr." / "Mrs."), to keep couples apart

    def add(self, label: str, reason: str) -> None:
        if label not in self.labels:
            self.labels.append(label)
            self.reasons[label] = reason

    def note(self, parts: LabelParts) -> None:
        self.role = self.role or parts.role
        self.constituency = self.constituency or parts.constituency
        self.organisation = self.organisation or parts.organisation


def identify_speakers(labels: Sequence[str], n_turns: Optional[dict[str, int]] = None) -> list[SpeakerGroup]:
    """Group `labels` (distinct, in order of first use) into people. `n_turns` picks each group's name
    (the base of its most used label). Deterministic: groups come in order of their first label. The
    registry's say over these groups is applied by the caller (`pipeline.readers._resolve_speakers`)."""
    n_turns = n_turns or {}
    parsed = {label: parse_label(label) for label in labels}
    groups: dict[str, _Group] = {}
    order: list[str] = []

    def group_for(key: str) -> _Group:
        if key not in groups:
            groups[key] = _Group(key)
            order.append(key)
        return groups[key]

    # Who each role names: role key -> {person key: the occupant's name as first written}.
    occupants: dict[str, dict[str, str]] = {}
    for label in labels:
        parts = parsed[label]
        if parts.occupant is not None:
            named = occupants.setdefault(fold(parts.base), {})
            named.setdefault(person_key(parts.occupant.base), parts.occupant.base)
    initialled = _initial_merges([person_key(p.base) for p in parsed.values() if p.occupant is None and person_key(p.base)])
    for label in labels:
        parts = parsed[label]
        if parts.occupant is not None:
            group = group_for(person_key(parts.occupant.base))
            group.add(label, f"names {parts.occupant.base} as {parts.role}")
            group.name = group.name or parts.occupant.base
            group.note(parts)
            group.note(parts.occupant)
            continue
        named = occupants.get(fold(parts.base))
        if named and len(named) == 1 and _ROLE_TITLE.fullmatch(parts.base):
            (key, name), = named.items()
            group = group_for(key)
            group.add(label, f"the only person named as {_role_name(parts.base)} is {name}")
            group.note(parts)
            continue
        key = person_key(parts.base) or fold(label)
        merged_initial = key in initialled
        key = initialled.get(key, key)
        group = group_for(key)
        if parts.constituency and group.constituency and fold(parts.constituency) != fold(group.constituency):
            # Two members for different constituencies are two people, whatever their names.
            group = group_for(f"{key}\0{fold(parts.constituency)}")
        gender = title_gender(parts.base)
        if gender and group.gender and gender != group.gender:
            # "Mr. Smith" and "Mrs. Smith", "Lord Smith" and "Lady Smith": two people.
            group = group_for(f"{key}\0{gender}")
        group.gender = group.gender or gender
        group.add(label, _INITIAL_MARK if merged_initial else _SAME_NAME)  # worded once the group's label is known
        group.note(parts)
    result = []
    for key in order:
        group = groups[key]
        bases = [parsed[label].base for label in group.labels]
        totals: dict[str, int] = {}
        for label, base in zip(group.labels, bases):
            totals[base] = totals.get(base, 0) + n_turns.get(label, 0)
        best = max(dict.fromkeys(bases), key=lambda base: (totals[base], -bases.index(base)))
        for label, base in zip(group.labels, bases):
            initial_apart = person_key(base) != person_key(best) and group.reasons[label] in (_INITIAL_MARK, _SAME_NAME) and (
                _without_initials(person_key(base)) == _without_initials(person_key(best))
            )
            if group.reasons[label] == _INITIAL_MARK or (initial_apart and not group.name):
                group.reasons[label] = "" if label == best else f"the same name as {best!r} but for a middle initial"
            elif group.reasons[label] == _SAME_NAME:
                group.reasons[label] = (
                    "" if label == best
                    else f"{group.name} by name, also named as {group.role}" if group.name
                    else "the same name with its parenthesis set aside" if fold(base) == fold(best)
                    else f"the same name as {best!r} once titles and suffixes are set aside"
                )
        result.append(
            SpeakerGroup(
                label=best,
                labels=tuple(group.labels),
                name=group.name,
                role=group.role,
                constituency=group.constituency,
                organisation=group.organisation,
                joined=tuple((label, group.reasons[label]) for label in group.labels if group.reasons[label]),
            )
        )
    return _unique_labels(result, n_turns)


def _unique_labels(groups: list[SpeakerGroup], n_turns: dict[str, int]) -> list[SpeakerGroup]:
    """Two people whose shortened labels coincide ("The Acting Chair" for two occupants) keep their
    most used label as written."""
    counts: dict[str, int] = {}
    for group in groups:
        counts[group.label] = counts.get(group.label, 0) + 1
    out = []
    for group in groups:
        if counts[group.label] > 1:
            full = max(group.labels, key=lambda label: (n_turns.get(label, 0), -group.labels.index(label)))
            group = replace(group, label=full)
        out.append(group)
    return out
