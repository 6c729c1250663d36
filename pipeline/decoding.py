"""Turn a file's bytes into text, in one place.

Order: a byte-order mark wins (UTF-8, UTF-16, UTF-32); else UTF-16 without one, told by its NUL bytes at
every other position; else strict UTF-8; else, when the bytes do not
look binary, a legacy encoding (recorded, so `inspect` and the manifest can show it); else the file is
refused as binary.

A file that is mostly UTF-8 but has a few invalid bytes is refused at the line of the first one: read in
a legacy encoding, its every accented letter and curly quote would come out garbled. Among legacy
encodings Windows-1252 is taken whenever charset-normalizer finds it plausible: it is what English-language
Windows software writes (and the WHATWG fallback for English), while on short English texts the
detector's own best guess is often a look-alike (cp1250, cp775, mac_iceland) that garbles £, é or ’.
Otherwise the detector's best guess is used.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import TranscriptError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that never appear in text files (tab, newline, carriage return, form feed are allowed).
_BINARY_BYTES = set(range(0x00, 0x09)) | {0x0B, 0x0E, 0x0F} | set(range(0x10, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F}


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _is_ascii_compatible(encoding: str) -> bool:
    """Whether `encoding` reads bytes 0-127 as ASCII, so lines and labels are where they look to be (the
    detector may guess EBCDIC or UTF-16 for a few odd bytes)."""
    ascii_bytes = bytes(range(128))
    try:
        return ascii_bytes.decode(encoding) == ascii_bytes.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _is_damaged_utf8(data: bytes) -> bool:
    """More valid multi-byte UTF-8 characters than invalid bytes: UTF-8 with damage, not a legacy encoding,
    whose text forms valid UTF-8 sequences only by rare accident."""
    text = data.decode("utf-8", errors="surrogateescape")  # each invalid byte becomes one lone surrogate
    n_invalid = len(re.findall("[\udc80-\udcff]", text))
    n_multibyte = len(re.findall("[^\x00-\x7f]", text)) - n_invalid
    return n_multibyte > n_invalid


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    """UTF-16 text saved without a byte-order mark, or None. Mostly-ASCII UTF-16 has a NUL byte at every
    other position (odd ones little-endian, even ones big-endian) and almost none at the others; it must
    also decode strictly into text without control characters, which binary files with NULs in a
    pattern do not."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:65536]
    n_even, n_odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for encoding, n_nul, n_other in (("utf-16-le", n_odd, n_even), ("utf-16-be", n_even, n_odd)):
        if n_nul >= half // 2 and n_other <= half // 100:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if any(ord(char) in _BINARY_BYTES for char in text):
                return None
            return DecodedText(_normalise_newlines(text), encoding)
    return None


def decode_bytes(data: bytes, path: str | Path) -> DecodedText:
    """Decode a transcript's bytes, or raise `TranscriptError` naming the file (and line) that is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise TranscriptError(
                    path,
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}",
                    hint="re-save the file as UTF-8",
                ) from exc
            return DecodedText(_normalise_newlines(text.lstrip("\ufeff")), encoding)

    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    nul = data.find(b"\x00")
    if nul != -1:
        raise TranscriptError(
            path,
            "contains NUL bytes: this is a binary file, not a text transcript",
            line=_line_of(data, nul),
            hint="export the transcript as text (.txt, .vtt, .srt), Word (.docx) or JSON",
        )
    try:
        return DecodedText(_normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start

    n_binary = sum(1 for byte in data[:65536] if byte in _BINARY_BYTES)
    if n_binary > max(2, len(data[:65536]) // 200):
        raise TranscriptError(
            path,
            "contains control bytes: this is a binary file, not a text transcript",
            line=_line_of(data, first_bad),
            hint="export the transcript as text (.txt, .vtt, .srt), Word (.docx) or JSON",
        )
    if _is_damaged_utf8(data):
        raise TranscriptError(
            path,
            "is UTF-8 but has bytes that are not valid UTF-8",
            line=_line_of(data, first_bad),
            expected="UTF-8 throughout",
            found=f"byte 0x{data[first_bad]:02x}",
            hint="the file may be damaged or pasted together from two encodings: retype that line, or re-save "
            "the file as UTF-8",
        )
    if from_bytes(data, cp_isolation=["cp1252"]).best() is not None:
        return DecodedText(_normalise_newlines(data.decode("cp1252")), "cp1252")
    best = next((match for match in from_bytes(data) if _is_ascii_compatible(match.encoding)), None)
    if best is None:
        raise TranscriptError(
            path,
            "is neither UTF-8 nor any legacy encoding we can detect",
            line=_line_of(data, first_bad),
            hint="re-save the file as UTF-8",
        )
    encoding = best.encoding
    return DecodedText(_normalise_newlines(data.decode(encoding, errors="strict")), encoding)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path, *, max_bytes: int | None = None) -> DecodedText:
    """Read and decode a text file, refusing files over `max_bytes` before reading them."""
    path = Path(path)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise TranscriptError(
            path,
            f"is {size:,} bytes, over the size limit of {max_bytes:,} bytes",
            hint="raise read.max_bytes if this file really is one transcript",
        )
    return decode_bytes(path.read_bytes(), path)
