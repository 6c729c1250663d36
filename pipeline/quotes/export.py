"""quotes.csv and quotes.md for editors, built from report quote dicts and the transcript's turns.

Pure functions returning a DataFrame or a string; the write layer (pipeline/writers.py) puts them on disk.
Each quote comes with a line of context before and after it (the sentence said just before, in the same
turn or the previous one, and the one just after), so an editor can check the quote is fair to its
surroundings without opening the transcript.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional, Sequence

import pandas as pd

from ..wording import plural

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
_CONTEXT_WORDS = 30
QUOTE_COLUMNS = [
    "rank",
    "score",
    "text",
    "speaker",
    "attribution",
    "time",
    "reasons",
    "context_before",
    "context_after",
    "n_words",
    "turn_index",
    "char_start",
    "char_end",
    "verbatim",
    "id",
    "theme_id",
    "theme_label",
]


def unidentified_labels(speakers: Sequence[dict[str, Any]] = ()) -> frozenset[str]:
    """The labels of speakers nobody has named ("Q", "SPEAKER_02"), from the report's speaker dicts."""
    return frozenset(s["label"] for s in speakers if s.get("unidentified"))


def printed_attribution(quote: dict[str, Any], unidentified: frozenset[str] = frozenset()) -> str:
    """The attribution the quotes files print: an unidentified speaker is never named by their raw label
    ("An unidentified speaker (label Q)"); the label itself stays in the `speaker` column."""
    if quote["speaker"] in unidentified:
        return f"An unidentified speaker (label {quote['speaker']})"
    return quote["attribution"]


def _who(label: str, unidentified: frozenset[str]) -> str:
    return f"Unidentified speaker (label {label})" if label in unidentified else label


def format_time(seconds: Optional[float]) -> str:
    """"1:02:03" or "02:03"; empty when the transcript has no times."""
    if seconds is None:
        return ""
    total = int(round(float(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _clip(text: str, *, keep_end: bool) -> str:
    words = " ".join(text.split()).split(" ")
    if len(words) <= _CONTEXT_WORDS:
        return " ".join(words)
    return "… " + " ".join(words[-_CONTEXT_WORDS:]) if keep_end else " ".join(words[:_CONTEXT_WORDS]) + " …"


def context_lines(
    quote: dict[str, Any], turns: Sequence[dict[str, Any]], unidentified: frozenset[str] = frozenset()
) -> tuple[str, str]:
    """The sentence before and the sentence after the quote, as "Speaker: text" when another turn (an
    unidentified speaker as "Unidentified speaker (label Q)")."""
    index = quote["turn_index"]
    text = turns[index]["text"]
    before_text = text[: quote["char_start"]]
    after_text = text[quote["char_end"] :]
    before = ""
    if _sentences(before_text):
        before = _clip(_sentences(before_text)[-1], keep_end=True)
    else:
        for previous in range(index - 1, -1, -1):
            sentences = _sentences(turns[previous]["text"])
            if sentences:
                before = f"{_who(turns[previous]['speaker'], unidentified)}: {_clip(sentences[-1], keep_end=True)}"
                break
    after = ""
    if _sentences(after_text):
        after = _clip(_sentences(after_text)[0], keep_end=False)
    else:
        for following in range(index + 1, len(turns)):
            sentences = _sentences(turns[following]["text"])
            if sentences:
                after = f"{_who(turns[following]['speaker'], unidentified)}: {_clip(sentences[0], keep_end=False)}"
                break
    return before, after


def theme_cells(themes: Sequence[tuple[str, str]]) -> dict[str, str]:
    """`theme_id` and `theme_label` of a quote in the (id, label) themes it belongs to, "; "-joined."""
    return {"theme_id": "; ".join(theme_id for theme_id, _ in themes), "theme_label": "; ".join(label for _, label in themes)}


def quotes_table(
    quotes: Sequence[dict[str, Any]],
    turns: Sequence[dict[str, Any]],
    *,
    themes: Optional[Mapping[str, Sequence[tuple[str, str]]]] = None,
    speakers: Sequence[dict[str, Any]] = (),
) -> pd.DataFrame:
    """One row per quote, best first, with the reasons in words and a line of context either side.

    `themes` maps a quote id to the (id, label) of the themes it belongs to; several are joined with "; "
    in `theme_id` and `theme_label`, and a quote in no theme (or without `themes`) has them empty.
    `speakers` (the report's speaker dicts) flag who is unidentified (`printed_attribution`).
    """
    unidentified = unidentified_labels(speakers)
    rows = []
    for quote in quotes:
        before, after = context_lines(quote, turns, unidentified)
        rows.append(
            {
                "rank": quote["rank"],
                "score": quote["score"],
                "text": quote["text"],
                "speaker": quote["speaker"],
                "attribution": printed_attribution(quote, unidentified),
                "time": format_time(quote.get("start")),
                "reasons": "; ".join(quote.get("reasons", [])),
                "context_before": before,
                "context_after": after,
                "n_words": quote.get("n_words", len(quote["text"].split())),
                "turn_index": quote["turn_index"],
                "char_start": quote["char_start"],
                "char_end": quote["char_end"],
                "verbatim": quote["verbatim"],
                "id": quote["id"],
                **theme_cells((themes or {}).get(quote["id"], ())),
            }
        )
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Escape the characters Markdown would read as formatting, so the quote renders as said."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def quotes_markdown(
    quotes: Sequence[dict[str, Any]],
    turns: Sequence[dict[str, Any]],
    *,
    title: str = "",
    speakers: Sequence[dict[str, Any]] = (),
) -> str:
    """quotes.md: rank, quote, attribution, time, score, the reasons, and context before and after;
    `speakers` (the report's speaker dicts) flag who is unidentified (`printed_attribution`)."""
    unidentified = unidentified_labels(speakers)
    lines = [f"# Quotes: {md_escape(title)}" if title else "# Quotes", ""]
    if not quotes:
        lines += ["No quotes were found.", ""]
        return "\n".join(lines)
    lines += [
        f"{plural(len(quotes), 'quote')}, best first. Each is the clean reading of what was said: fillers, repeated words and "
        "transcription marks are cut, and “…” marks a cut in mid-clause. Where that changed anything, the exact "
        "words follow as *Verbatim*.",
        "",
    ]
    for quote in quotes:
        when = format_time(quote.get("start"))
        meta = [md_escape(printed_attribution(quote, unidentified))]
        if when:
            meta.append(when)
        meta.append(f"score {quote['score']:.2f}")
        before, after = context_lines(quote, turns, unidentified)
        lines.append(f"## {quote['rank']}. “{md_escape(quote['text'])}”")
        lines.append("")
        lines.append("— " + " · ".join(meta))
        lines.append("")
        if quote.get("reasons"):
            lines.append(f"**Why:** {md_escape('; '.join(quote['reasons']))}")
            lines.append("")
        if before:
            lines.append(f"> *Before:* {md_escape(before)}")
        lines.append(f"> **{md_escape(quote['text'])}**")
        if after:
            lines.append(f"> *After:* {md_escape(after)}")
        lines.append("")
        if " ".join(quote["verbatim"].split()) != quote["text"]:
            lines.append(f"*Verbatim:* {md_escape(quote['verbatim'])}")
            lines.append("")
        lines.append(f"<sub>{quote['id']} · turn {quote['turn_index']}, characters {quote['char_start']}–{quote['char_end']}</sub>")
        lines.append("")
    return "\n".join(lines)


def quotes_terminal(quotes: Sequence[dict[str, Any]], *, width: int = 100) -> str:
    """A plain-text listing for the terminal: rank, score, time and speaker, then the quote and reasons."""
    import textwrap

    if not quotes:
        return "No quotes match."
    blocks = []
    for quote in quotes:
        when = format_time(quote.get("start"))
        head = f"{quote['rank']:>3}. [{quote['score']:.2f}]{' ' + when if when else ''}  {quote['attribution']}"
        body = textwrap.fill(f"“{quote['text']}”", width=width, initial_indent="     ", subsequent_indent="      ")
        why = textwrap.fill(
            "; ".join(quote.get("reasons", [])), width=width, initial_indent="     why: ", subsequent_indent="          "
        )
        blocks.append("\n".join(part for part in (head, body, why if quote.get("reasons") else "") if part))
    return "\n\n".join(blocks)
