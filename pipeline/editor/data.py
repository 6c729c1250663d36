"""What the editor's page and its charts read from a report: speakers in a fixed order, each theme's
colour, each quote's themes, each turn's quote marks. Pure functions of `report.json`'s dict."""

from __future__ import annotations

import re
from typing import Any, Optional, Sequence

# Theme colours, in theme order (matplotlib's tab10, colour-blind-safer than most; fixed so the page's
# swatches match the charts). A meeting with more themes than colours cycles them.
THEME_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
TALK_COLOUR = "#4c72b0"
TURNS_COLOUR = "#dd8452"


def theme_colour(position: int) -> str:
    return THEME_COLOURS[position % len(THEME_COLOURS)]


def speaker_name(speaker: dict[str, Any]) -> str:
    """How a chart or a filter names a speaker: the name when known, else the transcript's label."""
    return speaker.get("name") or speaker["label"]


def speakers_by_talk(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The transcript's speakers who said anything, most words first (ties: order of appearance)."""
    speakers = [s for s in report["transcript"]["speakers"] if s.get("n_words", 0) > 0]
    order = {s["label"]: i for i, s in enumerate(report["transcript"]["speakers"])}
    return sorted(speakers, key=lambda s: (-s["n_words"], order[s["label"]]))


def talk_shares(report: dict[str, Any]) -> dict[str, float]:
    """Share of the meeting's words spoken by each speaker label."""
    speakers = report["transcript"]["speakers"]
    total = sum(s.get("n_words", 0) for s in speakers)
    return {s["label"]: (s.get("n_words", 0) / total if total else 0.0) for s in speakers}


def turn_shares(report: dict[str, Any]) -> dict[str, float]:
    """Share of the meeting's turns taken by each speaker label."""
    speakers = report["transcript"]["speakers"]
    total = sum(s.get("n_turns", 0) for s in speakers)
    return {s["label"]: (s.get("n_turns", 0) / total if total else 0.0) for s in speakers}


def quote_counts(report: dict[str, Any]) -> dict[str, int]:
    """How many of the ranked quotes each speaker label has."""
    counts = {s["label"]: 0 for s in report["transcript"]["speakers"]}
    for quote in report.get("quotes") or []:
        counts[quote["speaker"]] = counts.get(quote["speaker"], 0) + 1
    return counts


def quote_shares(report: dict[str, Any]) -> dict[str, float]:
    """Share of the ranked quotes picked from each speaker label."""
    quotes = report.get("quotes") or []
    shares = {s["label"]: 0.0 for s in report["transcript"]["speakers"]}
    for quote in quotes:
        shares[quote["speaker"]] = shares.get(quote["speaker"], 0.0) + 1 / len(quotes)
    return shares


def speaker_theme_words(report: dict[str, Any]) -> dict[tuple[str, str], int]:
    """(speaker label, theme id) -> words, from `themes_info.speaker_themes`, else from each theme's speakers."""
    info = report.get("themes_info") or {}
    cells: dict[tuple[str, str], int] = {}
    if info.get("speaker_themes"):
        for row in info["speaker_themes"]:
            key = (row["speaker"], row["theme_id"])
            cells[key] = cells.get(key, 0) + int(row["n_words"])
        return cells
    for theme in report.get("themes") or []:
        for row in theme.get("speakers") or []:
            cells[(row["speaker"], theme["id"])] = int(row.get("n_words", 0))
    return cells


def turn_runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted turn indices as (first, last) runs of consecutive turns: [3, 4, 5, 9] -> [(3, 5), (9, 9)]."""
    runs: list[list[int]] = []
    for index in sorted({int(i) for i in indices}):
        if runs and index == runs[-1][1] + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return [(first, last) for first, last in runs]


def theme_turns(theme: dict[str, Any]) -> list[int]:
    """The turns a theme covers: its `turn_indices`, else the turns of its stretches."""
    if theme.get("turn_indices"):
        return sorted({int(i) for i in theme["turn_indices"]})
    turns: set[int] = set()
    for stretch in theme.get("stretches") or []:
        turns.update(range(int(stretch["first_turn"]), int(stretch["last_turn"]) + 1))
    return sorted(turns)


def quote_themes(report: dict[str, Any]) -> dict[str, list[str]]:
    """quote id -> ids of the themes it belongs to: those listing it, and those covering its turn."""
    themes = report.get("themes") or []
    covered = {theme["id"]: set(theme_turns(theme)) for theme in themes}
    out: dict[str, list[str]] = {}
    for quote in report.get("quotes") or []:
        out[quote["id"]] = [
            theme["id"]
            for theme in themes
            if quote["id"] in (theme.get("quote_ids") or ()) or quote["turn_index"] in covered[theme["id"]]
        ]
    return out


def turn_theme(report: dict[str, Any]) -> dict[int, str]:
    """turn index -> the first theme (in report order) that covers it."""
    out: dict[int, str] = {}
    for theme in report.get("themes") or []:
        for index in theme_turns(theme):
            out.setdefault(index, theme["id"])
    return out


def marked_pieces(text: str, marks: Sequence[tuple[int, int, str]]) -> list[tuple[str, Optional[str]]]:
    """Cut a turn's text at the quotes' offsets: [(piece, quote id or None), ...], in order, joining back
    to `text`. Marks out of range or overlapping an earlier one are skipped rather than mangling the text."""
    pieces: list[tuple[str, Optional[str]]] = []
    position = 0
    for start, end, quote_id in sorted(marks):
        if start < position or end <= start or end > len(text):
            continue
        if start > position:
            pieces.append((text[position:start], None))
        pieces.append((text[start:end], quote_id))
        position = end
    if position < len(text) or not pieces:
        pieces.append((text[position:], None))
    return pieces


def source_name(transcript: dict[str, Any]) -> Optional[str]:
    """The transcript file's name, without its folder ("covid_3.json")."""
    path = (transcript.get("source") or {}).get("path")
    return str(path).replace("\\", "/").rsplit("/", 1)[-1] if path else None


def _source_stem(transcript: dict[str, Any]) -> Optional[str]:
    name = source_name(transcript)
    if not name:
        return None
    return name.rsplit(".", 1)[0] if "." in name else name


def title_is_file_name(transcript: dict[str, Any]) -> bool:
    """True when the transcript had no title of its own: the readers then use the file's name (its stem)."""
    return transcript["title"] in {_source_stem(transcript), transcript["id"]}


def display_title(transcript: dict[str, Any]) -> str:
    """The title a page shows: the transcript's own, else its file name made readable ("covid_3" ->
    "Covid 3", "housing-panel-2024" -> "Housing panel 2024"). Nothing is made up: a file name is all the
    records say about an untitled meeting (its date, when known, is shown beside the title anyway)."""
    title = " ".join(str(transcript["title"]).split())
    if not title_is_file_name(transcript):
        return title
    readable = " ".join(re.sub(r"[_\-.]+", " ", title).split()) or title
    return readable[:1].upper() + readable[1:]


def count_of(n: int, noun: str) -> str:
    """ "1 turn", "1,265 words": a count with its noun, singular for one."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def speaker_counts(report: dict[str, Any]) -> dict[str, Optional[int]]:
    """What the page counts as speakers: `n_labels`, the transcript's speaker labels that said anything
    (one person may speak under two: "The Chair" and "The Chair (Hon. Anthony Rota ...)"), and
    `n_participants`, the summary's people, each once (None without a summary)."""
    participants = (report.get("summary") or {}).get("participants")
    return {
        "n_labels": sum(1 for s in report["transcript"]["speakers"] if s.get("n_words", 0) > 0),
        "n_participants": len(participants) if participants else None,
    }


def describe_speakers(report: dict[str, Any]) -> str:
    """The page's count of who spoke, each number named for what it counts: "93 participants (96 speaker
    labels)" when the summary's people and the transcript's labels differ, else "4 speakers"."""
    counts = speaker_counts(report)
    n_labels, n_people = counts["n_labels"], counts["n_participants"]

    if n_people is not None and n_people != n_labels:
        return f"{count_of(n_people, 'participant')} ({count_of(n_labels, 'speaker label')})"
    return count_of(n_labels, "speaker")
