"""Every CSV the product writes neutralizes cells a spreadsheet would run as formulas."""

import csv
import io

import pytest

from organizations.csv_export import csv_cell, csv_response, csv_text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("x")'])
def test_text_that_starts_like_a_formula_gets_a_leading_apostrophe(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Ada Lovelace", "", "a=b", 12, -3, 0.5, -0.25])
def test_ordinary_text_and_numbers_are_written_as_they_are(value):
    assert csv_cell(value) == value


def test_none_is_an_empty_cell():
    assert csv_cell(None) == ""


def test_the_header_and_every_row_go_through_the_same_rule():
    text = csv_text(["name", "=x"], [["=cmd", -1], ["Grace", None]])
    assert list(csv.reader(io.StringIO(text))) == [["name", "'=x"], ["'=cmd", "-1"], ["Grace", ""]]


def test_a_download_is_an_attachment_with_its_filename():
    response = csv_response("pairs.csv", ["a"], [["=b"]])
    assert response["Content-Disposition"] == 'attachment; filename="pairs.csv"'
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines() == ["a", "'=b"]
