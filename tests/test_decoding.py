import codecs

import pytest

from pipeline.decoding import decode_bytes, read_text
from pipeline.errors import TranscriptError

TEXT = "Jane Smith: We can’t keep cutting — café budgets are gone.\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # Python writes a BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_unicode_encodings_decode_exactly(data, encoding):
    decoded = decode_bytes(data, "x.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_legacy_single_byte_file_is_detected_and_recorded():
    text = ("Jane Smith: The council’s café budget fell by £2m — a 12% cut.\n" * 20)
    decoded = decode_bytes(text.encode("cp1252"), "legacy.txt")
    assert decoded.text == text
    assert decoded.encoding not in ("utf-8", "utf-8-sig")


def test_crlf_newlines_are_normalised():
    assert decode_bytes(b"A: one\r\nB: two\r\n", "x.txt").text == "A: one\nB: two\n"


@pytest.mark.parametrize(
    "data, line",
    [
        (b"Jane: hello\nBob: hi\x00there\n", 2),
        (bytes(range(256)) * 20, 1),
    ],
)
def test_binary_is_refused_with_file_and_line(data, line):
    with pytest.raises(TranscriptError) as info:
        decode_bytes(data, "fake.txt")
    assert info.value.path == "fake.txt"
    assert info.value.line == line
    assert "binary" in str(info.value)


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("A: " + "word " * 1000, encoding="utf-8")
    with pytest.raises(TranscriptError, match="over the size limit"):
        read_text(path, max_bytes=100)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_decoded_not_called_binary(encoding):
    text = "Jane Smith: We need the café open.\nBob: Naïve, perhaps — but yes.\n"
    decoded = decode_bytes(text.encode(encoding), "talk.txt")
    assert decoded.text == text and decoded.encoding == encoding


def test_nul_bytes_in_a_pattern_that_is_not_text_are_still_binary():
    # Every other byte NUL, but the others are control bytes: not UTF-16 text.
    with pytest.raises(TranscriptError, match="binary"):
        decode_bytes(bytes([1, 0, 2, 0, 3, 0, 4, 0] * 10), "x.txt")
