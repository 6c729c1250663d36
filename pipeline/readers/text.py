"""Plain-text and Markdown transcripts with speaker labels (the Word reader feeds its lines through here too).

A turn starts at a line that begins with a speaker label:

- `Jane Smith: text`, `JANE SMITH: text`, `Speaker 2: text`, `Dr. J. O'Neil: text`, `CE1: text`
- `Jane Smith (Chief Executive, Aldermoor Council): text`: the label is `Jane Smith`; the role and
  organisation go into the result's participants (unless front matter already describes her). A note
  that starts in lowercase, `Jane (laughing): ...`, is a stage direction and is dropped; one that is a
  time, `Jane (00:01:02): ...`, is the turn's start. `Jane Smith [Chair]: text` is read the same way, and
  so is `Jane Smith, Northtown Council: text` when every part after a comma is capitalised words.
- a start time before the label: `[00:01:02] Jane: text`, `(00:01:02) Jane: text`, `00:01:02 Jane: text`
- Markdown bold: `**Jane:** text`, `**Jane**: text`
- Rev-style times after the label, `Jane: (00:03) text`, are the turn's start, not speech.
- header lines alone on a line, with the speech on the lines below: Otter `Jane Smith  0:03` (or
  `Jane Smith - 0:03`, or the name on one line and `0:03` alone on the next), Trint `[00:00:03] Jane
  Smith` (or `00:00:03 Jane Smith`), Zoom `[Jane Smith] 10:02:03`.
- Teams .txt: a cue line `0:0:0.0 --> 0:0:5.220` (timing, never speech, its start the turn's start),
  then the speaker's name alone on the next line (or a `Name: text` label, or a voice tag
  `<v Name>text</v>`), then the speech. Fathom-style `0:03 - Name` headers are read like Trint's.

A line holding only a time (`00:05:00`, `[0:03]`) is timing, never speech; it gives the start of a
label right below it. Lines without a label continue the previous turn: lines of one paragraph are joined with a space,
paragraphs (separated by blank lines) with a blank line. Nothing else in the text is changed.

What counts as a label is deliberately conservative, because a false label splits a turn and
misattributes a quote: 1-6 words, each capitalised, an initial or abbreviated title (`J.`, `Dr.`), a
number-like token (`2`, `CE1`, `SPEAKER_00`), or a lowercase name particle between capitalised words
(`of`, `the`, `van`, ...); the first word is not on `NOT_SPEAKERS` (`Note:`, `Question:`, `PS:`, ...)
and no word ends a sentence (`Yes. Definitely:`). A colon must be followed by a space or the end of the
line, so URLs, times (`10:30`) and ratios (`3:1`) never start a turn. Lines that look like a label but
are not taken get a `ReadWarning` with their line, which `roundtable inspect` lists and the manifest
records: a stoplisted or sentence-ending label, 1-4 capitalised words and a colon (`Tom Baker:hello`),
and any speech that starts with a known speaker's name and a colon (`- Bob Ray: ...`, `Jane: Bob Ray: ...`).

Before the first label: YAML front matter between `---` lines at the very top (`title`, `date`,
`participants`), `Title: ...` / `Date: ...` header lines and (Markdown) a `# Heading` give the title and
date; any other text there is ignored with a warning.

Why one module: one plain-text label grammar, read line by line; the label shapes (colon labels, headers
with times, Otter/Teams/Rev/Trint/Zoom variants) share one scanner and one guard against hidden labels, and
the Word reader feeds its lines through it. About 65 lines are the patterns themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

from ..errors import TranscriptError
from ..records import ReadWarning, Speaker, normalise_label
from .base import RawTurn, ReadResult, parse_timestamp
from .participants import NESTED_TOO_DEEPLY, registry_from_data

# `0:03`, `10:30`, `00:01:02`, `1:02:03.5`
TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
# `[00:01:02] `, `(00:01:02) ` or `00:01:02 ` before a label.
_TIME_PREFIX = re.compile(rf"(?:\[(?P<bracketed>{TIME})\]|\((?P<parenthesised>{TIME})\)|(?P<bare>{TIME})(?=\s))\s*")
# `Name:`, `Name (note):`, `Name [note]:`, `**Name:**`, `**Name**:`, then a space or the end of the line.
_COLON_LABEL = re.compile(
    r"(?:\*\*)?(?P<label>[^:()\[\]*]{1,80}?)\s*"
    r"(?:\((?P<note>(?:[^()]|\([^()]*\)){0,160})\)|\[(?P<bracketed_note>[^\[\]]{0,160})\])?\s*"
    r"(?:\*\*:|:\*\*|:)(?:\s+|$)"
)
# A header line, alone on its line, with the speech on the lines below: Otter `Jane Smith  0:03`,
# Trint `[00:00:03] Jane Smith` (or `(00:00:03) Jane Smith`), Zoom `[Jane Smith] 10:02:03`.
_HEADER_LABEL = re.compile(
    rf"(?P<otter>[^:()\[\]*]{{1,80}}?)\s+(?:[-–—|·]\s+)?(?P<otter_time>{TIME})"
    rf"|(?:\[(?P<trint_time>{TIME})\]|\((?P<trint_paren_time>{TIME})\)|(?P<trint_bare_time>{TIME})(?=\s))\s*"
    rf"(?:[-–—|·]\s+)?(?P<trint>[^:()\[\]*]{{1,80}}?)"
    rf"|\[(?P<zoom>[^:()\[\]*]{{1,80}}?)\]\s*(?P<zoom_time>{TIME})"
)
# Teams .txt cue lines: `0:0:0.0 --> 0:0:5.220`, `00:00:01.000 --> 00:00:04.500` (hours and minutes may be one digit).
_CUE_TIMING = re.compile(
    r"(?P<start>\d{1,2}:\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?|\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*"
    r"(?P<end>\d{1,2}:\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?|\d{1,2}:\d{2}(?:[.,]\d{1,3})?)"
)
# `<v Jane Smith>Good evening.</v>` (`<v.loud Jane Smith>` with classes), from a Teams .vtt pasted into text.
_VOICE_TAG = re.compile(r"<v(?:\.[\w.-]+)?\s+(?P<name>[^<>]{1,80})>(?P<text>.*?)(?:</v>)?")
# A time alone on its line, below an Otter name line: `0:03`, `[00:00:03]`, `(1:02:03)`.
_TIME_ONLY = re.compile(rf"{TIME}|\[{TIME}\]|\({TIME}\)")
# Rev: `Jane Smith: (00:03) text`, the time after the colon.
_TIME_AFTER_LABEL = re.compile(rf"(?:\((?P<parenthesised>{TIME})\)|\[(?P<bracketed>{TIME})\])(?:\s+|$)")
# A line that starts like a label, `Jane Smith:`, `Jane Smith:text`, `Smith, Acme:`, whatever follows the colon:
# 1-4 capitalised words (a comma after any), an optional bracketed note, then a colon. Used only to warn.
_LABEL_SHAPE = re.compile(
    r"(?:\*\*)?(?P<label>[^\W\d_][\w'’.\-]*,?(?:[ \t]+[^\W\d_][\w'’.\-]*,?){0,3})[ \t]*"
    r"(?:\([^()]{0,160}\)|\[[^\[\]]{0,160}\])?[ \t]*(?:\*\*)?:"
)
# Bullets, quote marks and dashes that may hide a label at the start of a line: `- Jane Smith: ...`.
_LEADING_MARKS = re.compile(r"(?:[-–—•*>#|]+[ \t]*)+")
_HEADING = re.compile(r"#{1,6}\s+(?P<text>.+?)(?:\s+#+)?")
_HEADER_LINE = re.compile(r"(?P<key>title|date)\s*:\s*(?P<value>.+)", re.IGNORECASE)
_FRONT_MATTER_KEYS = ("title", "date", "participants")

_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")  # "J.", "J.R."
_LABEL_WORD = re.compile(rf"{_INITIALS.pattern}|[\w'’\-]+\.?")
# Lowercase words allowed between capitalised words ("Chair of the Committee", "Ludwig van Beethoven").
_NAME_PARTICLES = {
    "of", "the", "and", "for", "de", "van", "von", "da", "das", "del", "della", "der", "den", "di", "dos",
    "du", "la", "le", "al", "bin", "ter", "y",
}
# Abbreviated titles that may end in a full stop without ending a sentence ("Dr. Smith").
_TITLES = {
    "dr", "mr", "mrs", "ms", "mx", "prof", "cllr", "clr", "rev", "revd", "hon", "rt", "st", "jr", "sr",
    "sen", "rep", "gov", "gen", "col", "capt", "lt", "sgt", "insp", "supt", "det",
}
# First words of `Word: ...` prefixes that are never speakers (compared without full stops, casefolded).
NOT_SPEAKERS = frozenset({
    # notes and headings written into transcripts and minutes
    "note", "notes", "nb", "ps", "pps", "update", "edit", "correction", "fyi", "important", "warning",
    "tip", "reminder", "disclaimer", "summary", "conclusion", "example", "eg", "ie", "action", "actions",
    "decision", "resolved", "agreed", "outcome", "result", "results", "agenda", "item", "items", "clause",
    "section", "part", "step", "point", "option", "chapter", "article", "paragraph", "page", "figure",
    "table", "appendix", "question", "questions", "answer", "answers", "title", "date", "time", "location",
    "venue", "subject", "re", "present", "apologies", "attendees", "participants", "source", "sources",
    "transcript", "recording", "amendment", "motion", "recommendation",
    # contact details and links
    "email", "e-mail", "tel", "phone", "web", "website", "link", "url", "http", "https", "mailto", "www",
    "from", "to", "cc", "sent",
    # everyday words that start sentences ("So: ...", "First: ...", "At 10:30")
    "also", "and", "but", "or", "so", "then", "now", "yes", "no", "ok", "okay", "well", "plus", "here",
    "there", "this", "that", "it", "we", "you", "they", "he", "she", "my", "our", "your", "at", "by", "in",
    "on", "until", "since", "before", "after", "about", "around", "one", "two", "three", "four", "five",
    "first", "second", "third", "fourth", "fifth", "firstly", "secondly", "thirdly", "finally", "lastly",
    # sentence adverbs before a vocative ("However, Councillor Smith: ...") that would read as `Name, Role:`
    "however", "indeed", "actually", "honestly", "frankly", "sorry", "thanks", "please", "look",
    "sure", "absolutely", "certainly", "again", "anyway", "meanwhile", "moreover", "furthermore", "similarly",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    # sound and caption tags in subtitles ("[Music]", "[LAUGHTER]", "[BLANK_AUDIO]")
    "applause", "background", "blank_audio", "cheering", "chuckles", "cough", "coughs", "crosstalk", "foreign",
    "inaudible", "indistinct", "laughing", "laughs", "laughter", "music", "noise", "pause", "silence", "sighs",
    "unintelligible",
})


@dataclass(frozen=True)
class _Label:
    """What a label line says: the speaker, any speech after the label, start time and bracketed note."""

    speaker: str
    text: str
    start: Optional[float] = None
    note: Optional[str] = None


@dataclass
class _OpenTurn:
    """A turn being collected: paragraphs of stripped lines."""

    speaker: str
    line: int
    start: Optional[float]
    paragraphs: list[list[str]] = field(default_factory=lambda: [[]])

    def add_line(self, line: str) -> None:
        self.paragraphs[-1].append(line)

    def end_paragraph(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def to_raw(self) -> RawTurn:
        text = "\n\n".join(" ".join(lines) for lines in self.paragraphs if lines)
        return RawTurn(speaker=self.speaker, text=text, start=self.start, line=self.line)


def read_text_transcript(text: str, path: Path) -> ReadResult:
    """Read a `.txt` (format "text") or `.md`/`.markdown` (format "markdown") transcript."""
    markdown = path.suffix.lower() in (".md", ".markdown")
    lines = text.split("\n")
    front_matter, n_front_lines = split_front_matter(lines, path)
    body = list(enumerate(lines, start=1))[n_front_lines:]
    return parse_labelled_lines(
        body,
        path,
        format="markdown" if markdown else "text",
        headings=markdown,
        title=_optional_str(front_matter.get("title")),
        date=_optional_str(front_matter.get("date")),
        participants=registry_from_data(front_matter.get("participants"), path),
        warnings=[
            ReadWarning(f"front matter key {key!r} is not used (known keys: {', '.join(_FRONT_MATTER_KEYS)})", 1)
            for key in front_matter
            if key not in _FRONT_MATTER_KEYS
        ],
    )


def split_front_matter(lines: list[str], path: Path) -> tuple[dict[str, Any], int]:
    """The YAML mapping between `---` lines at the very top, and how many lines it takes ((`{}`, 0) if none)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((index for index in range(1, len(lines)) if lines[index].strip() in ("---", "...")), None)
    if end is None:
        raise TranscriptError(
            path,
            "has front matter that is never closed",
            line=1,
            expected="a '---' line after the YAML block",
            found="the end of the file",
            hint="close the block with a '---' line, or remove the first line if it is not front matter",
        )
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        # The YAML starts on the file's second line.
        raise TranscriptError(
            path, f"has front matter that is not valid YAML: {problem}", line=mark.line + 2 if mark else 1
        ) from None
    except RecursionError:
        raise TranscriptError(path, f"has front matter {NESTED_TOO_DEEPLY}", line=2) from None
    if data is None:
        return {}, end + 1
    if not isinstance(data, dict):
        raise TranscriptError(
            path,
            "has front matter that is not a mapping",
            line=2,
            expected="'key: value' lines such as 'title: ...'",
            found=type(data).__name__,
        )
    return {str(key): value for key, value in data.items()}, end + 1


def parse_labelled_lines(
    lines: Iterable[tuple[int, str]],
    path: Path,
    *,
    format: str,
    headings: bool = False,
    title: Optional[str] = None,
    date: Optional[str] = None,
    participants: tuple[Speaker, ...] = (),
    warnings: Iterable[ReadWarning] = (),
) -> ReadResult:
    """Turns from (line number, line) pairs. `headings`: Markdown `# Heading` lines are titles, not speech.

    Raises `TranscriptError` when no line starts with a speaker label.
    """
    turns: list[_OpenTurn] = []
    notes: dict[str, Speaker] = {}  # roles and organisations from `Name (Role, Organisation):` labels
    warnings = list(warnings)
    first_text: Optional[tuple[int, str]] = None  # for the error when there are no labels
    preamble_warned = False
    # (line number, text, speaker of the label the text follows or None): speech checked for hidden labels.
    suspects: list[tuple[int, str, Optional[str]]] = []
    names_alone: list[tuple[int, str]] = []  # continuation lines without a colon, checked for bare names
    time_start: Optional[float] = None  # a time alone on the line above
    n_time_lines = 0
    lines = list(lines)
    skip: set[int] = set()  # positions of time lines already read with the name line above them
    cue_start: Optional[float] = None  # the start of a Teams cue line, for the label below it
    for position, (number, raw) in enumerate(lines):
        line = raw.strip()
        if position in skip:
            continue
        if not line:
            if turns:
                turns[-1].end_paragraph()
            continue
        first_text = first_text or (number, line)
        cue = _CUE_TIMING.fullmatch(line)
        if cue:
            # Teams `0:0:0.0 --> 0:0:5.220`: timing, never speech; the speaker's name is on the next line.
            cue_start = parse_timestamp(cue["start"])
            continue
        if turns and _TIME_ONLY.fullmatch(line) and _is_timing_line(lines, position):
            # A time alone on its line (Google Meet and Word exports every few minutes) is timing, not
            # speech: it gives the start of a label right below it.
            time_start = parse_timestamp(line.strip("[]()"))
            n_time_lines += 1
            continue
        name_line = _name_line(line, lines, position, after_cue=cue_start is not None)
        if name_line is not None:
            speaker, start, time_position = name_line
            turns.append(_OpenTurn(speaker, number, start if start is not None else cue_start))
            if time_position is not None:
                skip.add(time_position)
            cue_start = None
            continue
        if cue_start is not None:
            label, _ = find_label(line)
            if label and label.start is None:
                turns.append(_OpenTurn(label.speaker, number, cue_start))
                if label.text:
                    turns[-1].add_line(label.text)
                    suspects.append((number, label.text, label.speaker))
                cue_start = None
                continue
            cue_start = None
        heading = _HEADING.fullmatch(line) if headings else None
        if heading:
            if not turns and title is None:
                title = heading["text"]
            else:
                warnings.append(ReadWarning(f"heading {heading['text']!r} is not speech and was skipped", number))
                if turns:
                    turns[-1].end_paragraph()
            continue
        label, rejected = find_label(line)
        pending, time_start = time_start, None
        if label:
            turns.append(_OpenTurn(label.speaker, number, label.start if label.start is not None else pending))
            if label.text:
                turns[-1].add_line(label.text)
                suspects.append((number, label.text, label.speaker))
            if label.note:
                _note_speaker(notes, label.speaker, label.note)
        elif not turns:
            header = _HEADER_LINE.fullmatch(line)
            if header and header["key"].lower() == "title":
                title = title or header["value"]
            elif header:
                date = date or header["value"]
            elif not preamble_warned:
                warnings.append(ReadWarning("text before the first speaker label is not speech and was ignored", number))
                preamble_warned = True
        else:
            if rejected:
                warnings.append(ReadWarning(f"line looked like a speaker label {rejected!r} but was read as speech", number))
            elif ":" in line:
                suspects.append((number, line, None))
            else:
                names_alone.append((number, line))
            turns[-1].add_line(line)
    if not turns:
        raise TranscriptError(
            path,
            "has no speaker labels",
            line=first_text[0] if first_text else None,
            expected="lines such as 'Name: what they said' at the start of a line",
            found=repr(first_text[1][:60]) if first_text else "no text",
        )
    if n_time_lines:
        warnings.append(ReadWarning(f"{n_time_lines} line{'s' if n_time_lines != 1 else ''} holding only a time read as timing, not speech"))
    known = {normalise_label(turn.speaker): turn.speaker for turn in turns}
    for speaker in participants:
        for name in (speaker.label, speaker.name):
            if name:
                known.setdefault(normalise_label(name), speaker.label)
    warnings.extend(warning for suspect in suspects if (warning := hidden_label_warning(*suspect, known)))
    # A known speaker's name alone on a line inside a turn: an Otter or Teams header whose time was lost?
    warnings.extend(
        ReadWarning(
            f"a line inside a turn is only the speaker name {known[normalise_label(line.strip('*_ '))]!r}: read as speech; "
            "if a new turn starts there, put 'Name:' before the speech (or its time on the next line)",
            number,
        )
        for number, line in names_alone
        if normalise_label(line.strip("*_ ")) in known and judge_label(line.strip("*_ ")) == "label"
    )
    warnings.sort(key=lambda warning: warning.line or 0)
    return ReadResult(
        format=format,
        turns=tuple(turn.to_raw() for turn in turns),
        title=title,
        date=date,
        participants=participants,
        label_notes=tuple(notes.values()),
        warnings=tuple(warnings),
    )


def hidden_label_warning(
    number: int, text: str, after: Optional[str], known: dict[str, str], *, shapes: bool = True
) -> Optional[ReadWarning]:
    """A warning when speech read as part of a turn starts like a speaker label, so nobody's words go to the
    previous speaker unnoticed: a known speaker's name and a colon (`Bob Ray:no space`, `- Bob Ray: ...`,
    or right after another label, `Jane Smith: Bob Ray: ...`), or 1-4 capitalised words and a colon.
    `after`: the speaker whose label `text` follows on the same line (None for a continuation line);
    `shapes`: also warn for unknown capitalised words and a colon (the subtitle readers only check names)."""
    if ":" not in text:
        return None
    bare = text[_LEADING_MARKS.match(text).end():] if _LEADING_MARKS.match(text) else text
    time_prefix = _TIME_PREFIX.match(bare)
    bare = bare[time_prefix.end():] if time_prefix else bare
    head = normalise_label(bare.split(":", 1)[0].replace("*", ""))
    for key, speaker in known.items():
        # The name, then only a note or stray punctuation before the colon ("Jane Smith;", "Jane (cont'd)"),
        # so that "A lot of them said:" is not taken for speaker "A".
        rest = head[len(key):].lstrip() if head.startswith(key) else None
        if rest is not None and (not rest or (rest[0] in ",;([{-–—.!?" and head[len(key)] != "-")):
            if after is not None and normalise_label(after) == key:
                continue
            where = f"after the label {after!r}" if after else "inside a turn"
            return ReadWarning(
                f"speech {where} starts with the speaker name {speaker!r} and a colon but was not read as a new "
                f"turn: check who said it (a label is 'Name: text' at the start of a line)",
                number,
            )
    shape = _LABEL_SHAPE.match(bare)
    if shapes and after is None and shape and all(_is_capitalised(word) for word in shape["label"].split()):
        return ReadWarning(
            f"line looked like a speaker label {shape['label'].rstrip(',')!r} but was read as speech", number
        )
    return None


def _is_timing_line(lines: list[tuple[int, str]], position: int) -> bool:
    """A time alone on its line is timing when a label follows it or it stands between blank lines; in the
    middle of a paragraph ("we start at" / "10:30" / "sharp.") it is speech."""
    before = lines[position - 1][1].strip() if position > 0 else ""
    after = next((text.strip() for _, text in lines[position + 1 :] if text.strip()), "")
    following = lines[position + 1][1].strip() if position + 1 < len(lines) else ""
    return bool(find_label(after)[0]) or (not before and not following)


def _name_line(
    line: str, lines: list[tuple[int, str]], position: int, *, after_cue: bool
) -> Optional[tuple[str, Optional[float], Optional[int]]]:
    """A name alone on its line that starts a turn: right after a Teams cue line (`after_cue`), or with
    its time alone on the next line (Otter `Jane Smith` / `0:03`). Returns (speaker, start, position of
    the time line or None); None for any other line. A name alone anywhere else is speech ("Thanks")."""
    if ":" in line:
        return None  # a label line, or speech
    name = " ".join(line.split())
    # Teams writes directory names as "Smith, Jane": a name of its own after a cue line.
    parts = name.split(",") if after_cue else [name]
    if len(name) > 80 or not all(judge_label(part.strip()) == "label" for part in parts):
        return None
    if after_cue:
        return name, None, None
    following = position + 1
    if following < len(lines):
        time = lines[following][1].strip()
        if _TIME_ONLY.fullmatch(time):
            return name, parse_timestamp(time.strip("[]()")), following
    return None


def find_label(line: str) -> tuple[Optional[_Label], Optional[str]]:
    """`(label, None)` when a stripped line starts a turn; `(None, prefix)` when it only looked like one
    (a stoplisted word, a sentence end); `(None, None)` for plain speech."""
    start = None
    voice = _VOICE_TAG.fullmatch(line)
    if voice and voice["name"].strip():
        # A WebVTT voice tag pasted into a text file (Teams): the tag names the speaker outright.
        return _Label(" ".join(voice["name"].split()), voice["text"].strip()), None
    # `>> JANE SMITH: text`: broadcast captions mark a change of speaker with `>>`.
    line = line[2:].lstrip() if line.startswith(">>") and not line.startswith(">>>") else line
    time_prefix = _TIME_PREFIX.match(line)
    rest = line[time_prefix.end():] if time_prefix else line
    match = _COLON_LABEL.match(rest)
    if match:
        note = (match["note"] or match["bracketed_note"] or "").strip()
        label_text, comma_note = _split_comma_note(match["label"])
        if comma_note and not note:
            note = comma_note
        if time_prefix:
            start = parse_timestamp(next(value for value in time_prefix.groupdict().values() if value))
        elif re.fullmatch(TIME, note):
            start, note = parse_timestamp(note), ""
        speaker = " ".join(label_text.split())
        text = rest[match.end():].strip()
        time_after = _TIME_AFTER_LABEL.match(text) if start is None else None
        if time_after:
            start = parse_timestamp(time_after["parenthesised"] or time_after["bracketed"])
            text = text[time_after.end():].strip()
        # A lowercase note is a stage direction ("laughing"), not a role.
        note = note if note[:1].isupper() else None
    else:
        match = _HEADER_LABEL.fullmatch(line)
        if not match:
            return None, None
        label = match["otter"] or match["trint"] or match["zoom"]
        time = (
            match["otter_time"] or match["trint_time"] or match["trint_paren_time"] or match["trint_bare_time"]
            or match["zoom_time"]
        )
        speaker, text, start, note = " ".join(label.split()), "", parse_timestamp(time), None
    verdict = judge_label(speaker)
    if verdict == "label":
        return _Label(speaker, text, start, note), None
    return None, speaker if verdict == "label-like" else None


def _split_comma_note(label: str) -> tuple[str, Optional[str]]:
    """`Jane Smith, Northtown Council` -> (`Jane Smith`, `Northtown Council`): the part after the first
    comma is a note like `(Northtown Council)` when every comma-separated part is capitalised words;
    otherwise (`Well, honestly`) the label is returned whole and judged (and refused) as it is."""
    name, comma, note = label.partition(",")
    if not comma:
        return label, None
    parts = [part.strip() for part in note.split(",")]
    if all(part and judge_label(part) != "speech" for part in parts):
        return name, ", ".join(parts)
    return label, None


def judge_label(candidate: str) -> str:
    """"label"; "label-like" (shaped like a name but a stoplisted word or a sentence end); or "speech"."""
    words = candidate.split()
    if not 1 <= len(words) <= 6 or not _is_capitalised(words[0]):
        return "speech"
    for position, word in enumerate(words):
        if not _LABEL_WORD.fullmatch(word):
            return "speech"
        between = 0 < position < len(words) - 1
        if not (_is_capitalised(word) or word[0].isdigit() or (between and word in _NAME_PARTICLES)):
            return "speech"
    if words[0].replace(".", "").casefold() in NOT_SPEAKERS:
        return "label-like"
    if any(word.endswith(".") and not _is_abbreviation(word) for word in words):
        return "label-like"
    return "label"


def _is_capitalised(word: str) -> bool:
    """"Smith", "SMITH", and names after an elided particle: "d'Entremont", "l'Estrange"."""
    return word[0].isupper() or (len(word) > 2 and word[1] in "'’" and word[2].isupper())


def _is_abbreviation(word: str) -> bool:
    return bool(_INITIALS.fullmatch(word)) or word[:-1].casefold() in _TITLES


def _note_speaker(notes: dict[str, Speaker], label: str, note: str) -> None:
    """Record `Role, Organisation` from the first labelled turn of a speaker that carries one."""
    key = normalise_label(label)
    if key in notes:
        return
    # "Role, Organisation"; a note with brackets of its own ("Hon. A. Rota (Nipissing, Lib.)") stays whole.
    role, _, organisation = (note, "", "") if "(" in note else (part.strip() for part in note.partition(","))
    notes[key] = Speaker(label=label, role=role or None, organisation=organisation or None)


def _optional_str(value: Any) -> Optional[str]:
    if value is None or value == "":
        return None
    return str(value)
