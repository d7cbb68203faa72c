"""Every rule a roster file must follow, each reported with its line number and reason."""

import pytest

from organizations.models import Employee
from organizations.roster.loads import roster_preview
from organizations.roster.parsing import sample_csv
from tests.factories import EmployeeFactory
from tests.organizations.roster.samples import HEADER, VALID_ROWS, roster_csv, valid_roster


def preview_of(org, content: bytes):
    return roster_preview(organization=org, content=content)


def messages_on(preview, line: int) -> str:
    """All messages for one line, joined, so a test can look for a phrase."""
    found = [error for error in preview.errors if error.line == line]
    assert found, f"expected an error on line {line}, got {preview.errors} / {preview.file_errors}"
    return " | ".join(found[0].messages)


def with_row(row: str) -> bytes:
    """The valid file with one more row on line 5."""
    return roster_csv(*VALID_ROWS, row)


def test_a_valid_file_previews_every_row_as_a_create(org):
    preview = preview_of(org, valid_roster())

    assert preview.is_valid
    assert preview.counts == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0, "errors": 0}
    assert [(row.line, row.external_id, row.action) for row in preview.rows] == [
        (2, "E1", "create"),
        (3, "E2", "create"),
        (4, "E3", "create"),
    ]


def test_the_downloadable_sample_file_is_itself_valid(org):
    assert preview_of(org, sample_csv().encode()).is_valid


def test_an_empty_file_is_a_file_error(org):
    preview = preview_of(org, b"")

    assert not preview.is_valid
    assert preview.file_errors == ["The file is empty. It needs a header line and at least one employee row."]


def test_a_file_of_blank_lines_is_empty_too(org):
    assert "empty" in preview_of(org, b"\n\r\n  \n").file_errors[0]


def test_a_header_without_rows_is_a_file_error(org):
    preview = preview_of(org, roster_csv())

    assert preview.file_errors == ["The file has a header line but no employee rows."]


def test_missing_required_headers_are_named(org):
    preview = preview_of(org, roster_csv("E1,Ada,ada@acme.test,3", header="external_id,name,email,level"))

    assert not preview.is_valid
    assert "Missing required columns: department, hire_date." in preview.file_errors[0]


def test_unknown_headers_are_named(org):
    header = HEADER + ",salary,Shoe Size"
    preview = preview_of(org, roster_csv(VALID_ROWS[0] + ",1,2", header=header))

    assert any("Unknown columns: salary, Shoe Size." in error for error in preview.file_errors)


def test_a_column_named_twice_is_a_file_error(org):
    preview = preview_of(org, roster_csv(VALID_ROWS[0] + ",x", header=HEADER + ",email"))

    assert any("named twice: email" in error for error in preview.file_errors)


def test_headers_are_matched_ignoring_case_and_spaces(org):
    header = "External ID,Name,EMAIL,Department,Level,Hire Date"
    preview = preview_of(org, roster_csv("E1,Ada,ada@acme.test,Engineering,3,2020-01-01", header=header))

    assert preview.is_valid, preview.file_errors


def test_optional_columns_may_be_left_out(org):
    header = "external_id,name,email,department,level,hire_date"
    preview = preview_of(org, roster_csv("E1,Ada,ada@acme.test,Engineering,3,2020-01-01", header=header))

    assert preview.is_valid
    assert "manager_id" in preview.missing_columns


def test_a_bad_hire_date_is_reported_on_its_line(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,,06/01/2020,,,"))

    assert not preview.is_valid
    assert 'hire_date "06/01/2020" is not a date in the form YYYY-MM-DD' in messages_on(preview, 5)
    assert preview.errors[0].external_id == "E4"


def test_an_impossible_date_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,,2021-02-30,,,"))

    assert "hire_date" in messages_on(preview, 5)


def test_a_missing_required_cell_is_reported(org):
    preview = preview_of(org, with_row("E4,,bob@acme.test,,2,,,2021-02-01,,,"))

    assert "name is required." in messages_on(preview, 5)
    assert "department is required." in messages_on(preview, 5)


def test_a_bad_email_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob-at-acme,Sales,2,,,2021-02-01,,,"))

    assert 'email "bob-at-acme" is not a valid email address.' in messages_on(preview, 5)


@pytest.mark.parametrize("level", ["senior", "3.5", "-1"])
def test_a_level_that_is_not_a_whole_number_is_reported(org, level):
    preview = preview_of(org, with_row(f"E4,Bob,bob@acme.test,Sales,{level},,,2021-02-01,,,"))

    assert f'level "{level}" is not a whole number' in messages_on(preview, 5)


def test_an_unknown_rating_is_reported_with_the_scale(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,,2021-02-01,Superstar,,"))

    message = messages_on(preview, 5)
    assert 'performance_rating "Superstar" is not on your rating scale' in message
    assert "Meets expectations" in message


def test_a_rating_number_outside_the_scale_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,,2021-02-01,6,,"))

    assert "from 1 to 5" in messages_on(preview, 5)


def test_a_rating_label_is_stored_as_its_number_whatever_its_case(org):
    org.rating_scale = ["Low", "Solid", "High"]
    org.save()
    preview = preview_of(org, roster_csv("E1,Ada,ada@acme.test,Engineering,3,,,2020-01-01,sOLID,,"))

    assert preview.rows[0].values["performance_rating"] == 2


def test_duplicate_ids_are_reported_on_every_line_that_has_them(org):
    preview = preview_of(org, with_row("E2,Bob,bob@acme.test,Sales,2,,,2021-02-01,,,"))

    assert "external_id E2 appears more than once (also on line 5)." in messages_on(preview, 3)
    assert "external_id E2 appears more than once (also on line 3)." in messages_on(preview, 5)


def test_a_manager_in_neither_the_file_nor_the_roster_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,E99,2021-02-01,,,"))

    assert "manager_id E99 is neither in this file nor in the roster." in messages_on(preview, 5)


def test_a_manager_already_in_the_roster_is_accepted(org):
    EmployeeFactory(organization=org, external_id="BOSS")
    preview = preview_of(org, roster_csv("E4,Bob,bob@acme.test,Sales,2,,BOSS,2021-02-01,,,"))

    assert preview.is_valid


def test_another_organizations_employee_is_not_a_known_manager(org, other_org):
    EmployeeFactory(organization=other_org, external_id="BOSS")
    preview = preview_of(org, roster_csv("E4,Bob,bob@acme.test,Sales,2,,BOSS,2021-02-01,,,"))

    assert "manager_id BOSS is neither in this file nor in the roster." in messages_on(preview, 2)


def test_a_person_managing_themselves_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,E4,2021-02-01,,,"))

    assert "cannot manage themselves" in messages_on(preview, 5)


def test_a_manager_cycle_within_the_file_is_reported_on_each_of_its_rows(org):
    preview = preview_of(
        org,
        roster_csv(
            "A,Amy,amy@acme.test,Sales,3,,C,2020-01-01,,,",
            "B,Ben,ben@acme.test,Sales,3,,A,2020-01-01,,,",
            "C,Cat,cat@acme.test,Sales,3,,B,2020-01-01,,,",
            "D,Dan,dan@acme.test,Sales,3,,A,2020-01-01,,,",
        ),
    )

    assert [error.line for error in preview.errors] == [2, 3, 4]
    assert "loops back to this person: A → C → B → A." in messages_on(preview, 2)


def test_a_cycle_through_the_existing_roster_is_reported(org):
    boss = EmployeeFactory(organization=org, external_id="BOSS")
    EmployeeFactory(organization=org, external_id="MID", manager=boss)
    # BOSS is now said to report to NEW, who reports to MID, who reports to BOSS in the roster.
    preview = preview_of(
        org,
        roster_csv(
            "NEW,Nia,nia@acme.test,Sales,3,,MID,2020-01-01,,,",
            "BOSS,Bo,bo@acme.test,Sales,9,,NEW,2010-01-01,,,",
        ),
    )

    assert not preview.is_valid
    assert "BOSS → NEW → MID → BOSS" in messages_on(preview, 3)
    assert "NEW → MID → BOSS → NEW" in messages_on(preview, 2)


def test_moving_a_manager_under_their_report_is_a_cycle(org):
    boss = EmployeeFactory(organization=org, external_id="BOSS")
    EmployeeFactory(organization=org, external_id="REPORT", manager=boss)
    preview = preview_of(org, roster_csv("BOSS,Bo,bo@acme.test,Sales,9,,REPORT,2010-01-01,,,"))

    assert "BOSS → REPORT → BOSS" in messages_on(preview, 2)


def test_a_termination_date_without_a_type_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,,2021-02-01,,2023-01-01,"))

    assert "termination_date is given without a termination_type" in messages_on(preview, 5)


def test_a_termination_type_without_a_date_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,,2021-02-01,,,voluntary"))

    assert "termination_type is given without a termination_date." in messages_on(preview, 5)


def test_an_unknown_termination_type_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,,2021-02-01,,2023-01-01,fired"))

    assert 'termination_type "fired" must be voluntary or involuntary.' in messages_on(preview, 5)


def test_a_termination_before_the_hire_date_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,,2021-02-01,,2020-12-31,involuntary"))

    assert "termination_date 2020-12-31 is before hire_date 2021-02-01." in messages_on(preview, 5)


def test_a_row_with_too_many_values_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,2,,,2021-02-01,,,,extra"))

    assert "Has 12 values but the header has 11 columns" in messages_on(preview, 5)


def test_non_utf8_bytes_are_reported_with_their_line(org):
    content = valid_roster() + "E4,Zoë,zoe@acme.test,Sales,2,,,2021-02-01,,,\n".encode("latin-1")

    preview = preview_of(org, content)

    assert not preview.is_valid
    message = messages_on(preview, 5)
    assert "Line 5 contains a byte that is not UTF-8 text (0xEB" in message
    assert 'Save the file as "CSV UTF-8"' in message


def test_a_utf16_file_is_refused_with_advice(org):
    preview = preview_of(org, valid_roster().decode().encode("utf-16"))

    assert "UTF-16" in preview.file_errors[0]


def test_a_byte_order_mark_and_windows_line_endings_are_tolerated(org):
    content = b"\xef\xbb\xbf" + roster_csv(*VALID_ROWS, newline="\r\n")

    preview = preview_of(org, content)

    assert preview.is_valid, (preview.file_errors, preview.errors)
    assert preview.rows[0].external_id == "E1"
    assert preview.rows[-1].line == 4


def test_semicolon_separated_files_from_spreadsheets_are_read(org):
    content = roster_csv(*(row.replace(",", ";") for row in VALID_ROWS), header=HEADER.replace(",", ";"))

    assert preview_of(org, content).is_valid


def test_quoted_cells_may_hold_commas(org):
    preview = preview_of(org, roster_csv('E1,"Hopper, Grace",grace@acme.test,"R&D, Labs",7,,,2012-09-03,,,'))

    assert preview.rows[0].values["name"] == "Hopper, Grace"
    assert preview.rows[0].values["department"] == "R&D, Labs"


def test_every_bad_row_is_reported_not_just_the_first(org):
    preview = preview_of(
        org,
        roster_csv(
            VALID_ROWS[0],
            "E2,Ada,ada@acme.test,Engineering,four,,,2021-03-15,,,",
            VALID_ROWS[2],
            "E4,Bob,bob@acme,Sales,2,,,2021-13-01,,,",
            "E5,Cy,cy@acme.test,Sales,2,,NOPE,2021-01-01,,,",
        ),
    )

    assert [error.line for error in preview.errors] == [3, 5, 6]
    assert len(preview.errors[1].messages) == 2
    assert preview.rows == []


def test_previewing_writes_nothing(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        preview = preview_of(org, valid_roster())

    assert preview.is_valid
    assert Employee.objects.count() == 0


# Input that used to reach Python's or the database's limits: each a per-row error now.


@pytest.mark.parametrize("column", ["level", "performance_rating"])
def test_a_ten_thousand_digit_number_is_reported_on_its_line(org, column):
    huge = "9" * 10_000
    level, rating = (huge, "3") if column == "level" else ("2", huge)
    preview = preview_of(org, with_row(f"E4,Bob,bob@acme.test,Sales,{level},,,2021-02-01,{rating},,"))

    message = messages_on(preview, 5)
    assert f'{column} "{"9" * 80}…"' in message
    assert "9" * 81 not in message


def test_a_level_above_the_highest_is_reported(org):
    preview = preview_of(org, with_row("E4,Bob,bob@acme.test,Sales,32768,,,2021-02-01,,,"))

    assert 'level "32768" is too high; levels go up to 32767.' in messages_on(preview, 5)


@pytest.mark.parametrize(
    "row",
    [
        "E4,Bob\x00by,bob@acme.test,Sales,2,,,2021-02-01,,,",
        "E4,Bob,bob@acme.test,Sa\x00les,2,,,2021-02-01,,,",
    ],
)
def test_a_nul_byte_in_a_cell_is_reported_on_its_line(org, row):
    preview = preview_of(org, with_row(row))

    assert "contains a NUL character" in messages_on(preview, 5)
    assert not preview.is_valid


def test_a_name_with_a_line_break_is_refused(org):
    preview = preview_of(org, with_row('E4,"Bob\nTables",bob@acme.test,Sales,2,,,2021-02-01,,,'))

    assert "name" in messages_on(preview, 5) and "has a line break in it" in messages_on(preview, 5)


def test_a_message_quotes_at_most_eighty_characters_of_a_bad_value(org):
    long_email = "x" * 10_000 + "@"
    preview = preview_of(org, with_row(f"E4,Bob,{long_email},Sales,2,,,2021-02-01,,,"))

    message = messages_on(preview, 5)
    assert f'email "{"x" * 80}…" is not a valid email address.' in message
    assert len(message) < 400


def test_a_ten_thousand_character_external_id_is_cut_in_the_report(org):
    preview = preview_of(org, with_row(f"{'E' * 10_000},Bob,bob@acme.test,Sales,2,,,2021-02-01,,,"))

    error = next(error for error in preview.errors if error.line == 5)
    assert error.external_id == "E" * 80 + "…"
    assert "external_id is longer than 64 characters." in error.messages


@pytest.mark.parametrize(("column", "value"), [("hire_date", "0001-01-01"), ("hire_date", "9999-12-31")])
def test_a_hire_date_at_either_end_of_time_is_reported(org, column, value):
    preview = preview_of(org, with_row(f"E4,Bob,bob@acme.test,Sales,2,,,{value},,,"))

    assert (
        f"hire_date {value} is out of range. Choose a hire_date between 1 January 1900 and "
        in messages_on(preview, 5)
    )


def test_a_termination_more_than_a_year_after_the_rosters_date_is_reported(org):
    import datetime

    preview = roster_preview(
        organization=org,
        content=with_row("E4,Bob,bob@acme.test,Sales,2,,,2021-02-01,,2026-03-01,voluntary"),
        effective_date=datetime.date(2025, 1, 31),
    )

    assert "termination_date 2026-03-01 is out of range" in messages_on(preview, 5)
