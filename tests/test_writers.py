"""The write layer: CSV cells a spreadsheet would run as formulas."""

import csv
import io

import pandas as pd
import pytest

from pipeline.writers import csv_text, write_csv_atomic


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1 for that", "-- as I said", "@SUM(A1)", "\tindented", "\rodd"])
def test_a_text_cell_starting_like_a_formula_gets_an_apostrophe(text):
    body = csv_text(pd.DataFrame({"text": [text]})).split("\n", 1)[1]
    assert body.lstrip('"').startswith("'" + text[0])


def test_numbers_and_plain_text_are_written_as_they_are(tmp_path):
    frame = pd.DataFrame({"score": [-0.5, 1.25], "turn_index": [-1, 3], "text": ["Fine.", "a = b"], "start": [None, "-"]})
    path = write_csv_atomic(tmp_path / "quotes.csv", frame)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert rows[1][:3] == ["-0.5", "-1", "Fine."]
    assert rows[2][:3] == ["1.25", "3", "a = b"]
    assert rows[2][3] == "'-"
    assert frame["start"][1] == "-"  # the caller's frame is not changed
