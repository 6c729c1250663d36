"""Word (.docx) transcripts: the document's paragraphs and table rows, read like a plain-text transcript.

The body is read in order with python-docx. Each paragraph is a paragraph of speech (soft line breaks
inside it join with a space, as lines of a text paragraph do); paragraphs styled Title or Heading are
headings, as `# Heading` is in Markdown. Table rows of 2 cells are `speaker | text` and of 3 cells
`time | speaker | text`; they become `[time] speaker: text` lines, so the same label rules apply (a row
with an empty speaker cell continues the previous turn; a header row such as `Speaker | Text` is
skipped). Rows of other widths are skipped with a warning. `RawTurn.line` counts paragraphs and table
rows from 1, in document order.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import OpcError
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import TranscriptError
from ..records import ReadWarning
from .base import ReadResult
from .text import TIME, parse_labelled_lines

# Cells of a table's header row, which names the columns instead of holding speech.
_HEADER_CELLS = {"", "speaker", "name", "time", "timestamp", "start", "text", "speech", "transcript", "said"}
_HEADING_STYLES = re.compile(r"Title|Heading \d")


def read_docx(path: Path) -> ReadResult:
    """Read a `.docx` transcript (format "docx"); raise `TranscriptError` if it is not a readable Word file."""
    document = _open(path)
    lines: list[tuple[int, str]] = []
    warnings: list[ReadWarning] = []
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            number += 1
            lines.extend(_paragraph_lines(number, block))
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


def _paragraph_lines(number: int, paragraph: Paragraph) -> Iterator[tuple[int, str]]:
    """The paragraph's lines, then a blank line: Word paragraphs are paragraphs of the turn."""
    text = paragraph.text
    if text.strip() and _HEADING_STYLES.fullmatch(paragraph.style.name if paragraph.style else ""):
        text = "# " + " ".join(text.split())
    for line in text.split("\n"):
        yield number, line
    yield number, ""


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
