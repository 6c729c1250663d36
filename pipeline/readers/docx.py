"""Word (.docx) transcripts: the document's paragraphs and table rows, read like a plain-text transcript.

The body is read in order with python-docx. Each paragraph is a paragraph of speech (soft line breaks
inside it join with a space, as lines of a text paragraph do); paragraphs styled Title or Heading are
headings, as `# Heading` is in Markdown. A speaker name in bold without a colon is a label when it is
the whole paragraph (the speech follows in the next paragraphs) or is followed by a tab and the speech. Table rows of 2 cells are `speaker | text` and of 3 cells
`time | speaker | text`; they become `[time] speaker: text` lines, so the same label rules apply (a row
with an empty speaker cell continues the previous turn; a header row such as `Speaker | Text` is
skipped). Rows of other widths are skipped with a warning. `RawTurn.line` counts paragraphs and table
rows from 1, in document order.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
import zlib
from pathlib import Path
from typing import Iterator, Optional

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import OpcError
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import TranscriptError
from ..records import ReadWarning
from .base import ReadResult
from .text import TIME, judge_label, parse_labelled_lines

# Cells of a table's header row, which names the columns instead of holding speech.
_HEADER_CELLS = {"", "speaker", "name", "time", "timestamp", "start", "text", "speech", "transcript", "said"}
_HEADING_STYLES = re.compile(r"Title|Heading \d")


def read_docx(path: Path) -> ReadResult:
    """Read a `.docx` transcript (format "docx"); raise `TranscriptError` if it is not a readable Word file."""
    document = _open(path)
    lines: list[tuple[int, str]] = []
    warnings: list[ReadWarning] = []
    # A one-word bold paragraph ("Conclusions") is a heading unless the same word labels several turns.
    bold_names = Counter(
        label.split(":", 1)[0] for block in document.iter_inner_content()
        if isinstance(block, Paragraph) and (label := _bold_label(block))
    )
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            number += 1
            lines.extend(_paragraph_lines(number, block, bold_names, warnings))
            continue
        skipped_at = None
        for row in block.rows:
            number += 1
            cells = _row_cells(row)
            if len(cells) not in (2, 3):
                skipped_at = skipped_at or number
            elif not _is_header(cells):
                if len(cells) == 3 and cells[0] and not re.fullmatch(TIME, cells[0]):
                    warnings.append(ReadWarning(f"first cell {cells[0][:40]!r} is not a time and was ignored", number))
                lines.extend(_row_lines(number, cells))
        if skipped_at is not None:
            warnings.append(
                ReadWarning("table rows without 2 or 3 cells (speaker | text, time | speaker | text) were skipped", skipped_at)
            )
    return parse_labelled_lines(lines, path, format="docx", headings=True, warnings=warnings)


def _open(path: Path) -> WordDocument:
    try:
        return docx.Document(str(path))
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, etree.LxmlError) as exc:
        found = "not a ZIP archive (a .docx file is one)" if not zipfile.is_zipfile(path) else str(exc)[:80]
        raise TranscriptError(
            path,
            "is not a readable Word document",
            expected="a .docx file saved by Word, LibreOffice or Google Docs",
            found=found,
            hint="open it in a word processor and save it again as .docx (an old .doc file must be converted)",
        ) from None


def _paragraph_lines(
    number: int, paragraph: Paragraph, bold_names: Counter, warnings: list[ReadWarning]
) -> Iterator[tuple[int, str]]:
    """The paragraph's lines, then a blank line: Word paragraphs are paragraphs of the turn."""
    text = paragraph.text
    if text.strip() and _HEADING_STYLES.fullmatch(paragraph.style.name if paragraph.style else ""):
        text = "# " + " ".join(text.split())
    elif label := _bold_label(paragraph):
        name = label.split(":", 1)[0]
        if len(name.split()) > 1 or bold_names[name] > 1:
            text = label
        else:
            warnings.append(ReadWarning(f"bold {name!r} looked like a speaker name but labels only one turn: read as speech", number))
    for line in text.split("\n"):
        yield number, line
    yield number, ""


def _bold_label(paragraph: Paragraph) -> Optional[str]:
    """`Name: speech` for a paragraph that opens with a bold speaker name without a colon: the whole
    paragraph ("**Jane Smith**", the speech in the paragraphs below) or the name then a tab ("**Jane
    Smith**<tab>Good evening."). None otherwise: a bold word in the middle of speech is emphasis, and a
    bold name that has its colon is read by the label rules as it is."""
    bold, rest = [], []
    for run in paragraph.runs:
        if not rest and _is_bold(run) and "\t" not in run.text:
            bold.append(run.text)
        else:
            rest.append(run.text)
    name = " ".join("".join(bold).split())
    after = "".join(rest)
    if not name or ":" in name or judge_label(name) != "label":
        return None
    if not after.strip():
        return f"{name}:"
    if after[:1] == "\t" or (after.lstrip(" ")[:1] == "\t"):
        return f"{name}: {after.strip()}"
    return None


def _is_bold(run) -> bool:
    """Bold set on the run, or by its character style ("Strong")."""
    if run.bold is not None:
        return bool(run.bold)
    style = run.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _row_cells(row) -> list[str]:
    """Texts of a row's distinct cells (python-docx repeats a merged cell once per grid column)."""
    seen, texts = [], []
    for cell in row.cells:
        if not any(cell._tc is element for element in seen):
            seen.append(cell._tc)
            texts.append(cell.text.strip())
    return texts


def _is_header(cells: list[str]) -> bool:
    return all(" ".join(cell.split()).casefold() in _HEADER_CELLS for cell in cells)


def _row_lines(number: int, cells: list[str]) -> Iterator[tuple[int, str]]:
    time, speaker, text = ("", *cells) if len(cells) == 2 else cells
    speaker = " ".join(speaker.split())
    paragraphs = text.split("\n")
    prefix = f"{speaker}: " if speaker else ""
    if prefix and re.fullmatch(TIME, time):
        prefix = f"[{time}] {prefix}"
    yield number, prefix + paragraphs[0]
    for paragraph in paragraphs[1:]:
        yield number, ""
        yield number, paragraph
    yield number, ""
