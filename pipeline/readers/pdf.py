"""PDF transcripts: the text layer, read with pypdf, then read like a plain-text transcript.

Each page's text is extracted in reading order (pypdf's plain mode) and its lines go through the same
label rules as a `.txt` file. `RawTurn.line` counts lines from the top of the first page, across pages.
Lines that are only a page number ("3", "Page 3", "Page 3 of 12", "- 3 -") are page furniture, not
speech, and are left out. A PDF with no text layer (a scan, or pages of images) is refused: there is
no text to quote until it has been through OCR. An encrypted PDF that opens without a password is read;
one that needs a password is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ..errors import TranscriptError
from ..records import ReadWarning
from .base import ReadResult
from .text import parse_labelled_lines

_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]", re.IGNORECASE)


def read_pdf(path: Path) -> ReadResult:
    """Read a `.pdf` transcript (format "pdf"); raise `TranscriptError` for a broken, locked or scanned PDF."""
    pages = _page_texts(path)
    if not any(page.strip() for page in pages):
        raise TranscriptError(
            path,
            f"has no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''} of images: a scanned PDF?)",
            expected="a PDF with selectable text",
            found="no text on any page",
            hint="run OCR on it first (e.g. `ocrmypdf in.pdf out.pdf`), or export the transcript as text or Word",
        )
    lines: list[tuple[int, str]] = []
    n_furniture = 0
    for page in pages:
        for line in page.split("\n"):
            number = len(lines) + n_furniture + 1
            if _PAGE_NUMBER.fullmatch(line.strip()):
                n_furniture += 1
                continue
            lines.append((number, line))
    warnings = (
        [ReadWarning(f"{n_furniture} line{'s' if n_furniture != 1 else ''} holding only a page number left out")]
        if n_furniture
        else []
    )
    return parse_labelled_lines(lines, path, format="pdf", warnings=warnings)


def _page_texts(path: Path) -> list[str]:
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise TranscriptError(
                path,
                "is a password-protected PDF",
                hint="save an unlocked copy (print to PDF, or export the transcript as text or Word)",
            )
        return [page.extract_text() or "" for page in reader.pages]
    except TranscriptError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AssertionError, IndexError) as exc:
        raise TranscriptError(
            path,
            "is not a readable PDF",
            expected="a PDF file with a text layer",
            found=str(exc)[:80] or type(exc).__name__,
            hint="open it in a PDF viewer and save or print it to a new PDF, or export the transcript as text",
        ) from None
