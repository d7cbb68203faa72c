"""The import_roster command: counts on success, every error on stderr and no change on failure."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from organizations.models import Employee, EmployeeHistory, RosterLoad
from tests.organizations.roster.samples import VALID_ROWS, roster_csv, valid_roster


@pytest.fixture
def roster_file(tmp_path):
    def write(content: bytes, name: str = "roster.csv"):
        path = tmp_path / name
        path.write_bytes(content)
        return str(path)

    return write


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_loads_a_file_and_prints_the_counts(org, roster_file):
    out, _ = run(roster_file(valid_roster()), "--org", "acme", "--effective-date", "2024-01-31")

    assert "Loaded roster.csv into acme: 3 rows, 3 created, 0 updated, 0 unchanged." in out
    assert Employee.objects.filter(organization=org).count() == 3
    load = RosterLoad.objects.get()
    assert (load.source, load.filename, load.loaded_by) == ("command", "roster.csv", None)
    assert set(EmployeeHistory.objects.values_list("effective_date", flat=True)) == {
        datetime.date(2024, 1, 31)
    }


def test_it_prints_every_error_with_its_line_and_changes_nothing(org, roster_file):
    path = roster_file(
        roster_csv(
            VALID_ROWS[0],
            "E2,Ada,ada@acme.test,Engineering,four,,,2021-03-15,,,",
            "E3,Alan,alan@acme.test,Research,3,,E99,2019-01-07,,,",
        )
    )

    with pytest.raises(CommandError) as failure:
        run(path, "--org", "acme")

    assert "2 problems; nothing was changed" in str(failure.value)
    assert Employee.objects.count() == 0
    assert RosterLoad.objects.count() == 0


def test_errors_go_to_stderr_one_line_each(org, roster_file):
    err = StringIO()
    path = roster_file(roster_csv(VALID_ROWS[0], "E2,Ada,ada@acme.test,Engineering,four,,,2021-03-15,,,"))

    with pytest.raises(CommandError):
        call_command("import_roster", path, "--org", "acme", stderr=err, stdout=StringIO())

    assert err.getvalue().splitlines() == ['Line 3 (E2): level "four" is not a whole number (for example 3).']


def test_file_level_errors_are_printed_too(org, roster_file):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_roster", roster_file(b""), "--org", "acme", stderr=err, stdout=StringIO())

    assert err.getvalue().startswith("File: The file is empty.")


def test_from_the_shell_a_bad_file_exits_non_zero_and_a_good_one_zero(org, roster_file, capsys, monkeypatch):
    # run_from_argv closes every database connection on the way out, which would also close
    # the test's own transaction on PostgreSQL; the exit codes are what this test is about.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    bad = roster_file(roster_csv("E1,Grace,grace@acme.test,Eng,7,,,2012-99-03,,,"), "bad.csv")
    with pytest.raises(SystemExit) as exit_status:
        execute_from_command_line(["manage.py", "import_roster", bad, "--org", "acme"])
    assert exit_status.value.code == 1
    assert "Line 2 (E1): hire_date" in capsys.readouterr().err

    execute_from_command_line(["manage.py", "import_roster", roster_file(valid_roster()), "--org", "acme"])
    assert "3 created" in capsys.readouterr().out


def test_an_unknown_organization_is_refused(db, roster_file):
    with pytest.raises(CommandError, match="No organization with the slug 'nope'"):
        run(roster_file(valid_roster()), "--org", "nope")


def test_a_missing_file_is_refused(org):
    with pytest.raises(CommandError, match="Cannot read /no/such/file.csv"):
        run("/no/such/file.csv", "--org", "acme")


def test_a_malformed_effective_date_is_refused(org, roster_file):
    with pytest.raises(CommandError, match="not a date in the form YYYY-MM-DD"):
        run(roster_file(valid_roster()), "--org", "acme", "--effective-date", "31/01/2024")
    assert Employee.objects.count() == 0


def test_a_dry_run_reports_and_writes_nothing(org, roster_file):
    out, _ = run(roster_file(valid_roster()), "--org", "acme", "--dry-run")

    assert "Would load: 3 rows, 3 created, 0 updated, 0 unchanged." in out
    assert Employee.objects.count() == 0
    assert RosterLoad.objects.count() == 0


@pytest.mark.across_organizations
def test_it_loads_into_the_named_organization_only(org, other_org, roster_file):
    run(roster_file(valid_roster()), "--org", "globex")

    assert Employee.objects.filter(organization=other_org).count() == 3
    assert Employee.objects.filter(organization=org).count() == 0


def test_a_back_dated_load_is_refused_naming_the_latest_loads_date(org, roster_file):
    run(roster_file(valid_roster()), "--org", "acme", "--effective-date", "2024-07-01")
    err = StringIO()

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command(
            "import_roster",
            roster_file(valid_roster()),
            "--org",
            "acme",
            "--effective-date",
            "2024-01-01",
            stderr=err,
            stdout=StringIO(),
        )

    assert err.getvalue().startswith("Effective date: The roster already describes 1 July 2024")
    assert RosterLoad.objects.count() == 1


def test_a_dry_run_reports_a_back_dated_load_too(org, roster_file):
    run(roster_file(valid_roster()), "--org", "acme", "--effective-date", "2024-07-01")

    with pytest.raises(CommandError):
        run(roster_file(valid_roster()), "--org", "acme", "--effective-date", "2024-01-01", "--dry-run")
