"""Word reader (`pipeline/readers/docx.py`): paragraphs and tables read like text, broken files refused."""

from __future__ import annotations

import zipfile

import docx
import pytest

from pipeline.errors import TranscriptError
from pipeline.readers import read_transcript
from pipeline.readers.docx import read_docx


def _document(paragraphs=(), rows=None, *, heading=None):
    document = docx.Document()
    if heading:
        document.add_heading(heading, level=0)
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=0, cols=len(rows[0]))
        for values in rows:
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
    return document


def _save(document, tmp_path, name="panel.docx"):
    path = tmp_path / name
    document.save(str(path))
    return path


def _turns(result):
    return [(t.speaker, t.text, t.start, t.line) for t in result.turns]


def test_paragraphs_read_like_text(tmp_path):
    document = _document(
        [
            "Date: 2024-03-01",
            "Jane Smith (Chair, Town Hall Review): Good evening.",
            "A second paragraph of Jane's.",
            "",
            "Note: this is still Jane {vocalsound}.",
            "[00:01:02] Bob Ray: Thanks.",
            "Speaker 2  1:05",
            "Otter-style text.",
        ],
        heading="Housing panel",
    )
    path = _save(document, tmp_path)
    result = read_docx(path)
    assert (result.format, result.title, result.date) == ("docx", "Housing panel", "2024-03-01")
    assert _turns(result) == [
        ("Jane Smith", "Good evening.\n\nA second paragraph of Jane's.\n\nNote: this is still Jane {vocalsound}.", None, 3),
        ("Bob Ray", "Thanks.", 62.0, 7),
        ("Speaker 2", "Otter-style text.", 65.0, 8),
    ]
    assert [(w.message, w.line) for w in result.warnings] == [
        ("line looked like a speaker label 'Note' but was read as speech", 6)
    ]
    assert [(s.label, s.role, s.organisation) for s in result.label_notes] == [("Jane Smith", "Chair", "Town Hall Review")]
    transcript = read_transcript(path)
    assert (transcript.format, transcript.title, transcript.encoding) == ("docx", "Housing panel", None)
    assert transcript.speaker("Jane Smith").attribution == "Jane Smith, Chair, Town Hall Review"


def test_soft_line_breaks_join_with_a_space(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Jane Smith: first line")
    paragraph.add_run().add_break()
    paragraph.add_run("second line.")
    assert _turns(read_docx(_save(document, tmp_path))) == [("Jane Smith", "first line second line.", None, 1)]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [("Speaker", "Text"), ("Jane Smith", "Good evening."), ("", "More from Jane."), ("Bob Ray", "Thanks.")],
            [("Jane Smith", "Good evening.\n\nMore from Jane.", None, 2), ("Bob Ray", "Thanks.", None, 4)],
        ),
        (
            [("Time", "Speaker", "Text"), ("00:01:02", "Jane Smith", "Good evening."), ("0:05", "Bob Ray", "Thanks.")],
            [("Jane Smith", "Good evening.", 62.0, 2), ("Bob Ray", "Thanks.", 5.0, 3)],
        ),
        (
            [("", "Jane Smith", "No time here."), ("00:00:09", "Note", "a note cell is not a speaker.")],
            [("Jane Smith", "No time here.\n\n[00:00:09] Note: a note cell is not a speaker.", None, 1)],
        ),
    ],
    ids=["speaker-text", "time-speaker-text", "missing-time-and-bad-speaker"],
)
def test_table_rows_are_labelled_lines(tmp_path, rows, expected):
    result = read_docx(_save(_document(rows=rows), tmp_path))
    assert _turns(result) == expected


def test_table_cell_paragraphs_are_paragraphs_and_tables_follow_paragraphs(tmp_path):
    document = _document(["Chair: Welcome."], rows=[("Jane Smith", "One.\nTwo.")])
    document.add_paragraph("Chair: Thank you.")
    assert _turns(read_docx(_save(document, tmp_path))) == [
        ("Chair", "Welcome.", None, 1),
        ("Jane Smith", "One.\n\nTwo.", None, 2),
        ("Chair", "Thank you.", None, 3),
    ]


def test_other_tables_are_skipped_with_a_warning(tmp_path):
    document = _document(["Jane Smith: Budget below."], rows=[("Item", "2023", "2024", "Change"), ("Grants", "4", "2", "-2")])
    result = read_docx(_save(document, tmp_path))
    assert _turns(result) == [("Jane Smith", "Budget below.", None, 1)]
    assert [w.line for w in result.warnings] == [2]
    assert "were skipped" in result.warnings[0].message


def test_first_cell_that_is_not_a_time_is_warned(tmp_path):
    result = read_docx(_save(_document(rows=[("soon", "Jane Smith", "Hello.")]), tmp_path))
    assert _turns(result) == [("Jane Smith", "Hello.", None, 1)]
    assert [(w.message, w.line) for w in result.warnings] == [("first cell 'soon' is not a time and was ignored", 1)]


def test_document_without_labels_is_an_error_naming_the_file(tmp_path):
    path = _save(_document(["Just some notes.", "Note: nothing else."]), tmp_path)
    for read in (lambda: read_docx(path), lambda: read_transcript(path)):
        with pytest.raises(TranscriptError) as info:
            read()
        assert (info.value.reason, info.value.line) == ("has no speaker labels", 1)
        assert str(path) in str(info.value)


def _not_a_zip(path):
    path.write_bytes(b"Jane Smith: this is text saved with a .docx name")


def _zip_without_document(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")


def _zip_missing_document_xml(path, tmp_path):
    source = _save(_document(["Jane: Hi."]), tmp_path, "good.docx")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as archive:
        for name in original.namelist():
            if name != "word/document.xml":
                archive.writestr(name, original.read(name))


def _truncated(path, tmp_path):
    data = _save(_document(["Jane: Hi."] * 50), tmp_path, "good.docx").read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _broken_xml(path, tmp_path):
    source = _save(_document(["Jane: Hi."]), tmp_path, "good.docx")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as archive:
        for name in original.namelist():
            archive.writestr(name, b"<w:document" if name == "word/document.xml" else original.read(name))


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda path, tmp_path: _not_a_zip(path),
        lambda path, tmp_path: _zip_without_document(path),
        _zip_missing_document_xml,
        _truncated,
        _broken_xml,
    ],
    ids=["not-a-zip", "zip-without-word-parts", "no-document-xml", "truncated", "broken-xml"],
)
def test_corrupt_docx_is_not_a_readable_word_document(tmp_path, corrupt):
    path = tmp_path / "broken.docx"
    corrupt(path, tmp_path)
    for read in (lambda: read_docx(path), lambda: read_transcript(path)):
        with pytest.raises(TranscriptError) as info:
            read()
        assert info.value.reason == "is not a readable Word document"
        assert str(path) in str(info.value)
