"""JSON transcripts, told apart by their top-level key.

Native schema (which the meetings in ../shared/data also follow)::

    {"title": ..., "date": ...,
     "participants": [{"label", "name", "role", "organisation"}],
     "turns": [{"speaker", "text", "start", "end"}]}

Whisper / WhisperX (speakers from diarization, on segments or only on their words)::

    {"segments": [{"start", "end", "text", "speaker", "words": [{"word", "start", "end", "speaker"}]}]}

Rev (`punct` elements carry the spaces)::

    {"monologues": [{"speaker": 0, "speaker_name": "...",
                     "elements": [{"type": "text" | "punct", "value", "ts", "end_ts"}]}]}

Keys a reader does not know are ignored. Consecutive Whisper segments (and Rev monologues) of one
speaker are merged into one turn, as subtitle cues are.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Optional

from ..errors import TranscriptError
from ..records import ReadWarning
from .base import RawTurn, ReadResult
from .subtitles import UNKNOWN_SPEAKER, Cue, merge_cues
from .participants import NESTED_TOO_DEEPLY, registry_from_data


def _load(text: str, path: Path) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(path, f"is not valid JSON: {exc.msg}", line=exc.lineno) from None
    except RecursionError:
        raise TranscriptError(path, f"is JSON {NESTED_TOO_DEEPLY}") from None


def _optional_float(value: Any, path: Path, where: str) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TranscriptError(path, f"{where} is not a time in seconds", found=repr(value)[:40])
    try:
        return float(value)
    except ValueError:
        raise TranscriptError(path, f"{where} is not a time in seconds", found=repr(value)[:40]) from None


def read_native(data: dict, path: Path) -> ReadResult:
    turns_data = data.get("turns")
    if not isinstance(turns_data, list):
        raise TranscriptError(path, "has no 'turns' list", expected='{"turns": [{"speaker", "text"}]}')
    turns = []
    for position, item in enumerate(turns_data):
        where = f"turns[{position}]"
        if not isinstance(item, dict):
            raise TranscriptError(path, f"{where} is not an object", found=repr(item)[:40])
        speaker, text = item.get("speaker"), item.get("text")
        if not isinstance(speaker, (str, int)) or isinstance(speaker, bool) or not str(speaker).strip():
            raise TranscriptError(path, f"{where} has no speaker", expected="a non-empty 'speaker'", found=repr(speaker)[:40])
        if not isinstance(text, str):
            raise TranscriptError(path, f"{where} has no text", expected="a string 'text'", found=repr(text)[:40])
        turns.append(
            RawTurn(
                speaker=str(speaker),
                text=text,
                start=_optional_float(item.get("start"), path, f"{where}.start"),
                end=_optional_float(item.get("end"), path, f"{where}.end"),
            )
        )
    title = data.get("title")
    date = data.get("date")
    return ReadResult(
        format="json-native",
        turns=tuple(turns),
        title=str(title) if title else None,
        date=str(date) if date else None,
        participants=registry_from_data(data.get("participants"), path),
    )


def _label(value: Any, path: Path, where: str) -> Optional[str]:
    """A speaker label from a string or number; None when absent or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TranscriptError(path, f"{where} is not a speaker label", expected="a string or number", found=repr(value)[:40])
    return " ".join(str(value).split())


def _list(value: Any, path: Path, where: str, expected: str) -> list:
    if not isinstance(value, list):
        raise TranscriptError(path, f"{where} is not a list", expected=expected, found=type(value).__name__)
    return value


def _object(value: Any, path: Path, where: str) -> dict:
    if not isinstance(value, dict):
        raise TranscriptError(path, f"{where} is not an object", found=repr(value)[:40])
    return value


def _majority_word_speaker(segment: dict, path: Path, where: str) -> Optional[str]:
    """WhisperX leaves some segments without a speaker while their words have one: take the most frequent."""
    words = segment.get("words")
    if words is None:
        return None
    words = _list(words, path, f"{where}.words", expected='[{"word", "start", "end", "speaker"}]')
    counts: Counter[str] = Counter()
    for position, word in enumerate(words):
        word_where = f"{where}.words[{position}]"
        label = _label(_object(word, path, word_where).get("speaker"), path, f"{word_where}.speaker")
        if label:
            counts[label] += 1
    return counts.most_common(1)[0][0] if counts else None  # ties: the speaker heard first


def read_whisper(data: dict, path: Path) -> ReadResult:
    segments = _list(data.get("segments"), path, "'segments'", expected='[{"start", "end", "text", "speaker"}]')
    if not segments:
        raise TranscriptError(path, "has an empty 'segments' list", expected="at least one segment")
    found = []  # (where, speaker or None, text, start, end)
    for position, item in enumerate(segments):
        where = f"segments[{position}]"
        segment = _object(item, path, where)
        text = segment.get("text")
        if not isinstance(text, str):
            raise TranscriptError(path, f"{where} has no text", expected="a string 'text'", found=repr(text)[:40])
        speaker = _label(segment.get("speaker"), path, f"{where}.speaker") or _majority_word_speaker(segment, path, where)
        start = _optional_float(segment.get("start"), path, f"{where}.start")
        end = _optional_float(segment.get("end"), path, f"{where}.end")
        found.append((where, speaker, text.strip(), start, end))
    if all(speaker is None for _, speaker, _, _, _ in found):
        raise TranscriptError(
            path,
            "is Whisper output with no speaker labels",
            expected="a 'speaker' on segments (or their words)",
            found=f"{len(found)} segments without one",
            hint="run speaker diarization first, e.g. WhisperX: "
            "result = whisperx.assign_word_speakers(diarize_segments, result), then save the result as JSON",
        )
    cues, warnings, previous = [], [], None
    for where, speaker, text, start, end in found:
        if speaker is None:
            speaker = previous or UNKNOWN_SPEAKER
            warnings.append(ReadWarning(f"{where} has no speaker: given to {speaker!r}, who spoke before it"))
        previous = speaker
        cues.append(Cue(speaker, text, start, end))
    turns, _ = merge_cues(cues)
    return ReadResult(format="whisper", turns=turns, warnings=tuple(warnings))


def read_rev(data: dict, path: Path) -> ReadResult:
    monologues = _list(data.get("monologues"), path, "'monologues'", expected='[{"speaker", "elements"}]')
    if not monologues:
        raise TranscriptError(path, "has an empty 'monologues' list", expected="at least one monologue")
    cues = []
    for position, item in enumerate(monologues):
        where = f"monologues[{position}]"
        monologue = _object(item, path, where)
        number = _label(monologue.get("speaker"), path, f"{where}.speaker")
        speaker = _label(monologue.get("speaker_name"), path, f"{where}.speaker_name") or (
            f"Speaker {number}" if number is not None else None
        )
        if speaker is None:
            raise TranscriptError(path, f"{where} has no speaker", expected="a 'speaker' number or 'speaker_name'")
        elements = _list(monologue.get("elements"), path, f"{where}.elements", expected='[{"type", "value", "ts", "end_ts"}]')
        values, starts, ends = [], [], []
        for element_position, element_item in enumerate(elements):
            element_where = f"{where}.elements[{element_position}]"
            element = _object(element_item, path, element_where)
            value = element.get("value")
            if not isinstance(value, str):
                raise TranscriptError(path, f"{element_where} has no value", expected="a string 'value'", found=repr(value)[:40])
            values.append(value)
            starts.append(_optional_float(element.get("ts"), path, f"{element_where}.ts"))
            ends.append(_optional_float(element.get("end_ts"), path, f"{element_where}.end_ts"))
        start = next((t for t in starts if t is not None), None)
        end = next((t for t in reversed(ends) if t is not None), None)
        cues.append(Cue(speaker, "".join(values).strip(), start, end))
    turns, _ = merge_cues(cues)
    return ReadResult(format="rev", turns=turns)


def read_json_transcript(text: str, path: Path) -> ReadResult:
    data = _load(text, path)
    if isinstance(data, dict) and "turns" in data:
        return read_native(data, path)
    if isinstance(data, dict) and "segments" in data:
        return read_whisper(data, path)
    if isinstance(data, dict) and "monologues" in data:
        return read_rev(data, path)
    raise TranscriptError(
        path,
        "is JSON but not a transcript format we know",
        expected="the native schema with 'turns', Whisper/WhisperX 'segments', or Rev 'monologues'",
        found=f"top-level keys {sorted(data)[:8]}" if isinstance(data, dict) else type(data).__name__,
    )
