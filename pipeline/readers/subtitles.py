"""WebVTT and SRT subtitle transcripts: cues in order, merged into speaker turns.

A cue line names its speaker with a Teams voice tag (`<v Name>text</v>`) or a `Name: text` / `[Name] text`
prefix (Zoom and most SRT exports). Lines without a speaker continue the previous speaker's turn, and
consecutive cues of one speaker become one turn running from the first cue's start to the last cue's end.
`merge_cues` is shared with the JSON reader (Whisper segments, Rev monologues are cues too).
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError
from webvtt.models import Caption
from webvtt.vtt import WebVTTCueBlock

from ..errors import TranscriptError
from ..records import ReadWarning, normalise_label
from .base import RawTurn, ReadResult, parse_timestamp
from .text import hidden_label_warning, judge_label

UNKNOWN_SPEAKER = "Unknown speaker"


@dataclass(frozen=True)
class Cue:
    """Some speech with its times. `speaker` is None when the source did not say: the previous speaker goes on."""

    speaker: Optional[str]
    text: str
    start: Optional[float] = None
    end: Optional[float] = None
    line: Optional[int] = None


def merge_cues(cues: Iterable[Cue]) -> tuple[tuple[RawTurn, ...], tuple[ReadWarning, ...]]:
    """One turn per run of cues by the same speaker (labels compared as `assemble` compares them)."""
    runs: list[tuple[str, list[Cue]]] = []
    warnings: list[ReadWarning] = []
    for cue in cues:
        speaker = cue.speaker
        if speaker is None:
            if runs:
                runs[-1][1].append(cue)
                continue
            if not cue.text:
                continue
            speaker = UNKNOWN_SPEAKER
            warnings.append(ReadWarning(f"text before the first speaker label is given to {UNKNOWN_SPEAKER!r}", cue.line))
        if runs and normalise_label(speaker) == normalise_label(runs[-1][0]):
            runs[-1][1].append(cue)
        else:
            runs.append((speaker, [cue]))
    turns = tuple(
        RawTurn(
            speaker=speaker,
            text=_join(cue.text for cue in run),
            start=run[0].start,
            end=run[-1].end,
            line=run[0].line,
        )
        for speaker, run in runs
    )
    # Speech that starts with a speaker's name and a colon ("Bob Ray:no space") was not taken as a label.
    known = {normalise_label(speaker): speaker for speaker, _ in runs}
    warnings.extend(
        warning
        for speaker, run in runs
        for cue in run
        if cue.line is not None and (warning := hidden_label_warning(cue.line, cue.text, cue.speaker, known, shapes=False))
    )
    return turns, tuple(sorted(warnings, key=lambda warning: warning.line or 0))


def _join(texts: Iterable[str]) -> str:
    return " ".join(text for text in texts if text)


# --- speaker prefixes: `Name: text`, `[Name] text`, optionally after a dialogue dash `- ` ---

_COLON_PREFIX = re.compile(r"\s*(?:-\s+)?([^:\[\]]{1,60}?):(?:\s+|$)(.*)", re.DOTALL)
_BRACKET_PREFIX = re.compile(r"\s*(?:-\s+)?\[([^\[\]]{1,60})\](?:\s+|$)(.*)", re.DOTALL)
_DISPLAY_NOTE = re.compile(r"\s+\([^()]{1,40}\)$")


def _is_label(candidate: str) -> bool:
    """The text reader's label rule, after dropping a Zoom display-name note ("Tom Baker (Finance)")."""
    return judge_label(_DISPLAY_NOTE.sub("", candidate)) == "label"


def split_speaker(line: str) -> tuple[Optional[str], str]:
    """`"Jane Smith: Hello"` -> `("Jane Smith", "Hello")`; a line without a speaker prefix -> `(None, line)`."""
    for pattern in (_BRACKET_PREFIX, _COLON_PREFIX):
        match = pattern.match(line)
        if match and _is_label(match.group(1)):
            return " ".join(match.group(1).split()), match.group(2).strip()
    return None, line.strip()


def _cues_from_lines(
    lines: Iterable[tuple[Optional[str], str]], start: float, end: float, line: int
) -> list[Cue]:
    """A subtitle's lines -> cues: a line naming a speaker starts a cue, other lines continue the last one."""
    cues: list[Cue] = []
    for offset, (speaker, text) in enumerate(lines):
        if speaker is None and cues:
            # Its own cue (merge_cues joins it to the turn the same way) so its line is checked for a label.
            cues.append(Cue(None, text, start, end, line + 1 + offset))
        else:
            cues.append(Cue(speaker, text, start, end, line))
    return cues


# --- WebVTT ---

_VTT_TIMINGS = "HH:MM:SS.mmm --> HH:MM:SS.mmm"


def read_vtt(text: str, path: Path) -> ReadResult:
    lines = text.split("\n")
    first_line = next((n for n, line in enumerate(lines, start=1) if line.strip()), 1)
    if not lines[first_line - 1].lstrip().startswith("WEBVTT"):
        raise TranscriptError(
            path,
            "is not a WebVTT file: it does not start with 'WEBVTT'",
            line=first_line,
            expected="'WEBVTT' on the first line",
            found=repr(lines[first_line - 1].strip()[:60]),
        )
    timings = _vtt_timing_lines(lines, path)
    try:
        captions = webvtt.from_buffer(io.StringIO(text.lstrip())).captions
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise TranscriptError(path, f"is not valid WebVTT: {exc}") from None
    # webvtt-py skips cues it cannot read; find the first one it skipped to name its line.
    for position, (line_number, start, end) in enumerate(timings):
        caption = captions[position] if position < len(captions) else None
        if caption is None or (parse_timestamp(caption.start), parse_timestamp(caption.end)) != (start, end):
            raise TranscriptError(
                path,
                "has a cue that cannot be read",
                line=line_number,
                expected=f"an optional identifier line, then '{_VTT_TIMINGS}' (minutes and seconds below 60)",
                found=repr(lines[line_number - 1].strip()[:60]),
            )
    cues = [
        cue
        for caption, (line_number, _, _) in zip(captions, timings)
        for cue in _cues_from_lines(
            _vtt_lines(caption), parse_timestamp(caption.start), parse_timestamp(caption.end), line_number
        )
    ]
    turns, warnings = merge_cues(cues)
    return ReadResult(format="vtt", turns=turns, warnings=warnings)


def _vtt_timing_lines(lines: list[str], path: Path) -> list[tuple[int, float, float]]:
    """(line number, start, end) of every cue timing line; any other line with `-->` is an error."""
    timings = []
    for number, line in enumerate(lines, start=1):
        if "-->" not in line:
            if _TIMING_LIKE.match(line):
                raise TranscriptError(
                    path, "has a cue timing line with a broken arrow", line=number,
                    expected=repr(_VTT_TIMINGS), found=repr(line.strip()[:60]),
                )
            continue
        match = WebVTTCueBlock.CUE_TIMINGS_PATTERN.match(line)
        if not match:
            raise TranscriptError(
                path,
                "has a bad cue timing line",
                line=number,
                expected=repr(_VTT_TIMINGS),
                found=repr(line.strip()[:60]),
            )
        start, end = parse_timestamp(match.group(1)), parse_timestamp(match.group(2))
        if end < start:
            raise TranscriptError(
                path, "has a cue that ends before it starts", line=number,
                expected="an end time at or after the start time", found=repr(line.strip()[:60]),
            )
        if timings and start < timings[-1][1]:
            raise TranscriptError(
                path, "has a cue that starts before the cue before it (times run backwards)", line=number,
                expected=f"a start at or after the previous cue's start (line {timings[-1][0]})",
                found=repr(line.strip()[:60]),
            )
        # Cues that overlap are allowed: Teams and Zoom write one cue per voice, and voices overlap.
        timings.append((number, start, end))
    return timings


def _vtt_lines(caption: Caption) -> list[tuple[Optional[str], str]]:
    """(speaker or None, plain text) per cue line. Voice tags win; without any, look for `Name:` prefixes."""
    raw_lines = caption.lines
    plain_lines = [html.unescape(line) for line in caption.text.split("\n")]
    voices = [Caption.VOICE_SPAN_PATTERN.match(line.strip()) for line in raw_lines]
    if not any(voices):
        return [split_speaker(line) for line in plain_lines]
    return [
        (" ".join(voice.group(1).split()) if voice else None, plain.strip())
        for voice, plain in zip(voices, plain_lines)
    ]


# --- SRT ---

_SRT_TAGS = re.compile(r"</?[a-zA-Z][^<>]*>|\{\\[^{}]*\}")  # <i>, <font color=...>, {\an8}


def read_srt(text: str, path: Path) -> ReadResult:
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        raise _srt_error(text, path, exc) from None
    if not subtitles:
        raise TranscriptError(path, "has no subtitle cues", expected="'1', then 'HH:MM:SS,mmm --> HH:MM:SS,mmm', then text")
    # srt.parse matches SRT_REGEX once per subtitle, in order: the same matches give each timing line.
    timing_offsets = [match.start(2) for match in srt.SRT_REGEX.finditer(text)]
    _check_srt_cues(text, path, subtitles, _line_numbers(text, timing_offsets))
    cues = [
        cue
        for subtitle, line_number in zip(subtitles, _line_numbers(text, timing_offsets))
        for cue in _cues_from_lines(
            [split_speaker(line) for line in _SRT_TAGS.sub("", subtitle.content).split("\n")],
            round(subtitle.start.total_seconds(), 3),
            round(subtitle.end.total_seconds(), 3),
            line_number,
        )
    ]
    turns, warnings = merge_cues(cues)
    return ReadResult(format="srt", turns=turns, warnings=warnings)


# A timing line, even a broken one (`->`, `- ->`, `.` for `,`), inside a cue's text: srt read a bad cue number
# or arrow as the previous cue's speech.
_TIMING_LIKE = re.compile(r"\s*\d{1,2}:\d{2}:\d{2}(?:[,.]\d{1,3})?\s*-*\s*-*>")
_SRT_EXPECTED = "a cue number, then 'HH:MM:SS,mmm --> HH:MM:SS,mmm', then the text and a blank line"


def _check_srt_cues(text: str, path: Path, subtitles: list[srt.Subtitle], timing_lines: list[int]) -> None:
    """Refuse what srt.parse lets through: a cue whose text holds a timing line (the cue number before it,
    `two`, was not a number, so the cue was merged into the one before), and times that run backwards."""
    lines = text.split("\n")
    previous_cue: Optional[srt.Subtitle] = None
    for subtitle, timing_line in zip(subtitles, timing_lines):
        if previous_cue is not None:
            _check_cue_order(path, lines, previous_cue, subtitle, timing_line)
        previous_cue = subtitle
        if subtitle.end < subtitle.start:
            raise TranscriptError(
                path,
                "has a cue that ends before it starts",
                line=timing_line,
                expected="an end time at or after the start time",
                found=repr(lines[timing_line - 1].strip()[:60]),
            )
        content_start = timing_line + 1  # the cue's text starts on the line after its timing line
        for offset, content_line in enumerate(subtitle.content.split("\n")):
            if not _TIMING_LIKE.match(content_line):
                continue
            number = content_start + offset
            # srt.parse strips blank lines, so find the timing-like line in the file from here on.
            while number <= len(lines) and lines[number - 1].strip() != content_line.strip():
                number += 1
            previous = lines[number - 2].strip() if number >= 2 else ""
            before_previous = lines[number - 3].strip() if number >= 3 else ""
            if previous and not previous.isdigit() and not before_previous:
                raise TranscriptError(
                    path, "has a cue number that is not a number", line=number - 1,
                    expected=_SRT_EXPECTED, found=repr(previous[:60]),
                )
            raise TranscriptError(
                path, "has a timing line inside a cue's text (is a blank line or cue number missing before it?)",
                line=number, expected=_SRT_EXPECTED, found=repr(content_line.strip()[:60]),
            )


def _check_cue_order(path: Path, lines: list[str], previous: srt.Subtitle, cue: srt.Subtitle, timing_line: int) -> None:
    """An SRT file is one track of captions in order: a cue number that does not go up, a cue that starts
    before the one before it, or one that starts before the one before it has ended is a broken file
    (cues pasted out of order, or two files run together), and a quote would get the wrong time."""
    found = repr(lines[timing_line - 1].strip()[:60])
    if cue.index <= previous.index:
        raise TranscriptError(
            path, f"has cue number {cue.index} after cue number {previous.index}", line=max(timing_line - 1, 1),
            expected=f"cue numbers that go up ({previous.index + 1} here)", found=repr(str(cue.index)),
        )
    if cue.start < previous.start:
        raise TranscriptError(
            path, "has a cue that starts before the cue before it (times run backwards)", line=timing_line,
            expected=f"a start at or after {srt.timedelta_to_srt_timestamp(previous.start)}", found=found,
        )
    if cue.start < previous.end:
        raise TranscriptError(
            path, "has a cue that starts before the cue before it ends (overlapping times)", line=timing_line,
            expected=f"a start at or after {srt.timedelta_to_srt_timestamp(previous.end)}", found=found,
            hint="fix the times, or export the captions again (SRT holds one caption at a time)",
        )


def _line_numbers(text: str, offsets: list[int]) -> list[int]:
    """1-based line of each (ascending) character offset, counting newlines once."""
    numbers, line, previous = [], 1, 0
    for offset in offsets:
        line += text.count("\n", previous, offset)
        numbers.append(line)
        previous = offset
    return numbers


def _srt_error(text: str, path: Path, exc: srt.SRTParseError) -> TranscriptError:
    """Point at the first line srt could not read (the timing line when it follows a cue number)."""
    offset = exc.expected_start + len(exc.unmatched_content) - len(exc.unmatched_content.lstrip())
    bad_lines = exc.unmatched_content.strip().split("\n")
    if len(bad_lines) > 1 and bad_lines[0].strip().isdigit():
        offset = text.index("\n", offset) + 1
        bad_lines = bad_lines[1:]
    return TranscriptError(
        path,
        "is not valid SRT",
        line=_line_numbers(text, [offset])[0],
        expected="a cue number, then 'HH:MM:SS,mmm --> HH:MM:SS,mmm', then the text and a blank line",
        found=repr(bad_lines[0].strip()[:60]),
    )
