"""The report as the quotes files (quotes.md, quotes.csv) and the editor's page (report.html) print it under
an attribution style that withholds names (`summary.attribution` chatham_house or anonymous).

`withheld_report` returns a copy of the report dict in which no participant's name or organisation is
left: each speaker is relabelled by what the style may say of them ("The chair", "Chief executive 2",
"Participant 3": a number tells apart people the style describes alike), names said in the turns read
"[name withheld]", and quotes naming a participant are left out (as the summary leaves them out). The
quotes kept are verbatim as before; their offsets are moved to where their words now stand in the turn.
report.json itself keeps the registry: it is the data the editor works from, not a file to publish.
"""

from __future__ import annotations

import re
from typing import Any

from ..records import Speaker, Transcript, Turn
from .speakers import chair_labels, describe_speaker, withheld_words, withholds_names

WITHHELD = "[name withheld]"


def _names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = sorted(names, key=len, reverse=True)  # "Brackleton Council" before "Brackleton"
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(n) for n in alternatives) + r")(?![\w-])(?!['’](?!s\b))")


def withhold_names(text: str, pattern: re.Pattern[str] | None) -> str:
    """`text` with every participant name or organisation replaced by "[name withheld]"."""
    return pattern.sub(WITHHELD, text) if pattern is not None and text else text


def new_labels(transcript: Transcript, style: str) -> dict[str, str]:
    """Transcript label -> the label the style may print: "The chair", "Chief executive 2", "Participant 3";
    labels of one person (`Speaker.labels`, the chair's two labels) get one."""
    chairs = chair_labels(transcript)
    out: dict[str, str] = {}
    counts: dict[str, int] = {}
    person: dict[str, str] = {}
    for speaker in transcript.speakers:
        key = "\0chair" if speaker.label in chairs else (speaker.name or speaker.label).casefold()
        if key in person:
            out[speaker.label] = person[key]
            continue
        description = describe_speaker(speaker, style=style, chair=speaker.label in chairs)
        noun = re.sub(r"^(?:an?|the) ", "", description)
        if description.startswith("the "):
            label = description[:1].upper() + description[1:]
        else:
            counts[noun] = counts.get(noun, 0) + 1
            label = f"{noun[:1].upper()}{noun[1:]} {counts[noun]}"
        out[speaker.label] = person[key] = label
    return out


def withheld_report(report: dict[str, Any], style: str) -> dict[str, Any]:
    """The report with every name withheld (see the module docstring); the report itself under "named"."""
    if not withholds_names(style):
        return report
    source = report["transcript"]
    speakers = [Speaker.from_dict(s) for s in source["speakers"]]
    order = tuple(Turn(index=t["index"], speaker=t["speaker"], text="") for t in source["turns"])
    transcript = Transcript(id=source["id"], title=source.get("title") or "", speakers=tuple(speakers), turns=order)
    labels = new_labels(transcript, style)
    pattern = _names_pattern(withheld_words(transcript) | frozenset(s.label for s in speakers if s.name))

    def relabel(label: str) -> str:
        return labels.get(label, label)

    turns = []
    for turn in source["turns"]:
        turns.append({**turn, "speaker": relabel(turn["speaker"]), "source_label": relabel(turn.get("source_label") or turn["speaker"]),
                      "text": withhold_names(turn["text"], pattern)})
    quotes = []
    for quote in report.get("quotes") or []:
        if pattern is not None and (pattern.search(quote["text"]) or pattern.search(quote["verbatim"])):
            continue
        text = turns[quote["turn_index"]]["text"]
        shift = len(source["turns"][quote["turn_index"]]["text"]) - len(text)
        at = text.find(quote["verbatim"], max(0, quote["char_start"] - shift))
        at = text.find(quote["verbatim"]) if at < 0 else at
        if at < 0:
            continue
        quotes.append({**quote, "speaker": relabel(quote["speaker"]), "attribution": relabel(quote["speaker"]),
                       "char_start": at, "char_end": at + len(quote["verbatim"])})
    new_speakers = []
    for speaker, data in zip(speakers, source["speakers"]):
        label = relabel(speaker.label)
        new_speakers.append({**data, "label": label, "name": None, "role": None, "organisation": None,
                             "constituency": None, "attribution": label, "labels": [label]})
    themes = []
    kept = {q["id"] for q in quotes}
    for theme in report.get("themes") or []:
        themes.append({**theme, "speakers": [{**row, "speaker": relabel(row["speaker"])} if isinstance(row, dict) else relabel(row)
                                              for row in theme.get("speakers") or []],
                       "quote_ids": [i for i in theme.get("quote_ids") or [] if i in kept]})
    merged = {**source, "title": withhold_names(source.get("title") or "", pattern), "speakers": _unique(new_speakers),
              "turns": turns, "merges": [], "warnings": [withhold_names(str(w), pattern) for w in source.get("warnings") or []]}
    return {**report, "transcript": merged, "quotes": quotes, "themes": themes,
            "summary": _relabel_summary(report.get("summary"), relabel)}


def _relabel_summary(summary: dict[str, Any] | None, relabel: Any) -> dict[str, Any] | None:
    """The summary (already in the style's words) with its speaker labels replaced as the page's are."""
    if summary is None:
        return None

    def each(items: Any) -> list[dict[str, Any]]:
        return [{**item, "speaker": relabel(item["speaker"])} if item.get("speaker") else dict(item) for item in items or []]

    brief = dict(summary.get("brief") or {})
    for key in ("lines", "sentences"):
        if key in brief:
            brief[key] = each(brief[key])
    return {
        **summary,
        "brief": brief,
        "participants": [{**p, "label": relabel(p["label"]), "name": None} for p in summary.get("participants") or []],
        "sections": [{**section, "quotes": each(section.get("quotes"))} for section in summary.get("sections") or []],
        "pull_quotes": each(summary.get("pull_quotes")),
    }


def _unique(speakers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per new label, counts summed (a person under two labels is one speaker)."""
    out: dict[str, dict[str, Any]] = {}
    for speaker in speakers:
        if speaker["label"] in out:
            kept = out[speaker["label"]]
            for key in ("n_turns", "n_words"):
                kept[key] = kept.get(key, 0) + speaker.get(key, 0)
        else:
            out[speaker["label"]] = dict(speaker)
    return list(out.values())
