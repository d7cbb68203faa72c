"""The synthetic roster behind the demo: realistic, self-consistent and always the same."""

import datetime
from collections import Counter

import pytest

from demo.workforce import ACME, CSV_COLUMNS, GLOBEX, PERSONAS, pick_personas, roster_history
from demo.workforce.roster import months_between
from organizations.models.tenancy import DEFAULT_RATING_SCALE
from organizations.months import add_months
from organizations.roster.parsing import COLUMN_NAMES, parse_roster

END = datetime.date(2026, 11, 1)


@pytest.fixture(scope="module")
def acme():
    return roster_history(ACME, end=END)


def annual_rates(history) -> list[tuple[float, float]]:
    """(voluntary, involuntary) leavers per year over the year's average headcount."""
    by_date = {snapshot.effective_date: snapshot for snapshot in history.snapshots}
    start = history.snapshots[0].effective_date
    rates = []
    for year in range(ACME.months // 12):
        first, last = add_months(start, 12 * year), add_months(start, 12 * (year + 1))
        months = [add_months(first, month) for month in range(13)]
        headcount = sum(
            sum(1 for row in by_date[day].rows if not row.termination_date or row.termination_date > day)
            for day in months
        ) / len(months)
        leavers = Counter(
            row.termination_type
            for row in by_date[last].rows
            if row.termination_date and first < row.termination_date <= last
        )
        rates.append((leavers["voluntary"] / headcount, leavers["involuntary"] / headcount))
    return rates


def test_the_same_company_and_end_date_give_the_same_files(acme):
    again = roster_history(ACME, end=END)
    assert [s.csv_bytes(rating_scale=DEFAULT_RATING_SCALE) for s in again.snapshots] == [
        s.csv_bytes(rating_scale=DEFAULT_RATING_SCALE) for s in acme.snapshots
    ]


def test_the_files_have_the_roster_imports_columns_in_its_order():
    assert CSV_COLUMNS == COLUMN_NAMES


def test_acme_has_monthly_files_over_three_years(acme):
    dates = [snapshot.effective_date for snapshot in acme.snapshots]
    assert len(dates) == 37
    assert dates[0] == datetime.date(2023, 11, 1)
    assert dates[-1] == END
    assert all(months_between(a, b) == 1 for a, b in zip(dates, dates[1:], strict=False))


def test_globex_has_a_quarterly_year():
    globex = roster_history(GLOBEX, end=END)
    assert [s.effective_date.month for s in globex.snapshots] == [11, 2, 5, 8, 11]
    assert 35 <= len(globex.people) <= 50


def test_every_file_reads_without_a_problem(acme):
    for snapshot in acme.snapshots:
        parsed = parse_roster(
            snapshot.csv_bytes(rating_scale=DEFAULT_RATING_SCALE), rating_scale=DEFAULT_RATING_SCALE
        )
        assert parsed.file_errors == []
        assert [record.messages for record in parsed.records if record.messages] == []
        assert len(parsed.records) == len(snapshot.rows)


def test_ratings_are_written_as_the_scales_labels(acme):
    text = acme.snapshots[-1].csv_bytes(rating_scale=DEFAULT_RATING_SCALE).decode()
    assert ",Meets expectations," in text
    with pytest.raises(ValueError, match="five-point"):
        acme.snapshots[-1].csv_bytes(rating_scale=["Low", "High"])


def test_a_snapshot_keeps_everyone_from_the_one_before_and_nobody_from_the_future(acme):
    previous: dict[str, object] = {}
    for snapshot in acme.snapshots:
        rows = {row.external_id: row for row in snapshot.rows}
        assert set(previous) <= set(rows)
        for external_id, row in rows.items():
            assert row.hire_date <= snapshot.effective_date
            assert (
                row.termination_date is None
                or row.hire_date <= row.termination_date <= snapshot.effective_date
            )
            assert bool(row.termination_date) == bool(row.termination_type)
            before = previous.get(external_id)
            if before is not None and before.termination_date:
                assert row.termination_date == before.termination_date, "a leaver stays a leaver"
            if before is not None:
                assert row.level >= before.level, "nobody is demoted"
        previous = rows


def test_managers_sit_higher_in_every_file_so_reporting_lines_never_loop(acme):
    for snapshot in acme.snapshots:
        rows = {row.external_id: row for row in snapshot.rows}
        ceos = [row for row in rows.values() if not row.manager_id]
        assert [row.level for row in ceos] == [6]
        for row in rows.values():
            if row.manager_id:
                manager = rows[row.manager_id]
                assert manager.level > row.level
                if not row.termination_date:
                    assert not manager.termination_date, "a current employee reports to a current one"
                    if row.level < 5:
                        assert manager.department == row.department


def test_acme_is_a_pyramid_of_about_500_people(acme):
    assert 470 <= len(acme.people) <= 530
    active = Counter(person.level for person in acme.people if person.active)
    assert [active[level] > active[level + 1] for level in range(1, 6)] == [True] * 5
    assert active[6] == 1
    assert active[5] == len(ACME.departments)  # one head per department
    assert {person.department for person in acme.people} == set(ACME.departments)
    assert {person.location for person in acme.people} == {"Amsterdam", "London", "Berlin", "Remote"}


def test_most_people_meet_expectations(acme):
    ratings = Counter(person.rating for person in acme.people if person.active and person.rating)
    assert ratings.most_common(1)[0][0] == DEFAULT_RATING_SCALE.index("Meets expectations") + 1
    assert set(ratings) == {1, 2, 3, 4, 5}


def test_hires_spread_over_the_three_years_after_a_tenured_base(acme):
    start = acme.snapshots[0].effective_date
    base = [person for person in acme.people if person.hire_date <= start]
    assert 280 <= len(base) <= 320
    assert min(person.hire_date for person in base) < start - datetime.timedelta(days=5 * 365)
    hires_per_year = Counter(
        months_between(start, person.hire_date) // 12 for person in acme.people if person.hire_date > start
    )
    assert sorted(hires_per_year) == [0, 1, 2]
    assert all(count >= 45 for count in hires_per_year.values())


@pytest.mark.parametrize("months_later", range(0, 12, 2))
def test_attrition_is_realistic_whatever_month_the_demo_is_seeded_in(months_later):
    history = roster_history(ACME, end=add_months(END, months_later))
    for voluntary, involuntary in annual_rates(history):
        assert 0.12 <= voluntary <= 0.15
        assert 0.03 <= involuntary <= 0.05
    personas = pick_personas(history, PERSONAS)
    assert len({person.external_id for person in personas.values()}) == len(PERSONAS)


def test_the_mentor_is_senior_to_the_mentee_in_another_department(acme):
    personas = pick_personas(acme, PERSONAS)
    mentor, mentee = personas["mentor"], personas["mentee"]
    assert mentor.level >= mentee.level + 2
    assert mentor.department != mentee.department
    assert months_between(mentee.hire_date, END) >= 18
    assert mentee.rating >= 3 and mentor.rating >= 3
    assert all(person.active for person in personas.values())
    assert personas["admin"].level == 5 and personas["admin"].department == "People"
    assert personas["leader"].level == 5 and personas["leader"].department == "Engineering"


def test_demo_emails_replace_only_the_personas_addresses(acme):
    personas = pick_personas(acme, ["admin"])
    admin_id = personas["admin"].external_id
    text = (
        acme.snapshots[-1]
        .csv_bytes(rating_scale=DEFAULT_RATING_SCALE, email_overrides={admin_id: "admin@acme.example"})
        .decode()
    )
    lines = text.splitlines()
    assert [line for line in lines if "admin@acme.example" in line] == [
        next(line for line in lines if line.startswith(f"{admin_id},"))
    ]


def test_an_unknown_persona_is_refused(acme):
    with pytest.raises(ValueError, match="Unknown demo personas"):
        pick_personas(acme, ["janitor"])
