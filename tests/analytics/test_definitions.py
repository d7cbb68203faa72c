"""The written definitions, on hand-made people and hand arithmetic."""

import datetime

import pytest

from analytics import definitions as d

D = datetime.date


def person(hired, left=None, kind="", snapshots=(), department="Sales", level=2):
    return d.EmployeeRecord(
        hire_date=hired,
        termination_date=left,
        termination_type=kind,
        department=department,
        level=level,
        snapshots=tuple(d.Snapshot(*s) for s in snapshots),
    )


def test_a_person_counts_from_their_hire_day_and_not_on_their_termination_day():
    ada = person(D(2025, 3, 10), left=D(2025, 6, 30))
    assert not d.is_in_headcount(ada, D(2025, 3, 9))
    assert d.is_in_headcount(ada, D(2025, 3, 10))
    assert d.is_in_headcount(ada, D(2025, 6, 29))
    assert not d.is_in_headcount(ada, D(2025, 6, 30))


def test_headcount_counts_the_people_in_it_that_day():
    people = [person(D(2020, 1, 1)), person(D(2025, 1, 1), left=D(2025, 1, 31)), person(D(2025, 2, 1))]
    assert d.headcount(people, D(2025, 1, 30)) == 2
    assert d.headcount(people, D(2025, 1, 31)) == 1
    assert d.headcount(people, D(2025, 2, 1)) == 2


def test_monthly_turnover_divides_separations_by_the_average_of_the_two_month_end_headcounts():
    # 3 leavers; 98 on 31 January, 102 on 28 February: 3 ÷ ((98 + 102) ÷ 2) = 3 ÷ 100.
    assert d.monthly_turnover(separations=3, headcount_start=98, headcount_end=102) == pytest.approx(0.03)
    assert d.monthly_turnover(separations=0, headcount_start=0, headcount_end=0) is None


def test_annual_turnover_is_the_sum_of_twelve_monthly_rates():
    assert d.annual_turnover([0.01] * 6 + [0.02] * 6) == pytest.approx(0.18)
    with pytest.raises(ValueError):
        d.annual_turnover([0.01] * 11)


def test_year_to_date_turnover_is_annualized_over_the_months_elapsed():
    # (0.01 + 0.02 + 0.03) × 12 ÷ 3 = 0.24
    assert d.annualized_turnover([0.01, 0.02, 0.03]) == pytest.approx(0.24)
    assert d.annualized_turnover([0.015] * 12) == pytest.approx(d.annual_turnover([0.015] * 12))
    assert d.annualized_turnover([]) is None


def test_retention_follows_only_the_people_in_the_headcount_at_the_start():
    start, end = D(2025, 1, 1), D(2025, 12, 31)
    stays = person(D(2020, 1, 1))
    leaves = person(D(2020, 1, 1), left=D(2025, 6, 1))
    leaves_on_the_last_day = person(D(2020, 1, 1), left=end)
    hired_later = person(D(2025, 3, 1))
    retention = d.retention_rate([stays, leaves, leaves_on_the_last_day, hired_later], start, end)
    assert retention == pytest.approx(1 / 3)
    assert d.retention_rate([hired_later], start, end) is None


def test_the_twelve_month_window_ends_on_the_same_day_a_year_later_clamped_to_the_month():
    assert d.retention_window_end(D(2025, 9, 1)) == D(2026, 9, 1)
    assert d.retention_window_end(D(2024, 2, 29)) == D(2025, 2, 28)


def test_voluntary_and_involuntary_come_from_the_termination_type_only():
    assert d.is_voluntary("voluntary") and not d.is_involuntary("voluntary")
    assert d.is_involuntary("involuntary") and not d.is_voluntary("involuntary")
    assert not d.is_voluntary("") and not d.is_involuntary("")


def test_department_and_level_on_a_day_come_from_the_latest_snapshot_before_it():
    grace = person(
        D(2019, 5, 1),
        snapshots=[(D(2021, 1, 1), "Sales", 2), (D(2022, 6, 1), "Sales", 3), (D(2023, 3, 1), "Finance", 3)],
        department="Finance",
        level=3,
    )
    assert d.attributes_on(grace, D(2020, 1, 1)) == ("Sales", 2)  # before the first load: the first
    assert d.attributes_on(grace, D(2022, 5, 31)) == ("Sales", 2)
    assert d.attributes_on(grace, D(2022, 6, 1)) == ("Sales", 3)
    assert d.attributes_on(grace, D(2024, 1, 1)) == ("Finance", 3)
    assert d.attributes_on(person(D(2019, 5, 1), department="Legal", level=4), D(2020, 1, 1)) == ("Legal", 4)


def test_promotions_are_level_rises_and_moves_are_department_changes_between_snapshots():
    alan = person(
        D(2019, 1, 1),
        snapshots=[
            (D(2019, 1, 1), "Sales", 2),
            (D(2020, 1, 1), "Sales", 3),  # promotion
            (D(2021, 1, 1), "Finance", 3),  # move
            (D(2022, 1, 1), "Finance", 2),  # demotion: neither
            (D(2023, 1, 1), "Legal", 4),  # both
        ],
    )
    assert [s.effective_date for s in d.promotions(alan)] == [D(2020, 1, 1), D(2023, 1, 1)]
    assert [s.effective_date for s in d.moves(alan)] == [D(2021, 1, 1), D(2023, 1, 1)]
    assert d.promotions(person(D(2019, 1, 1))) == []


def test_tenure_counts_whole_calendar_months():
    assert d.tenure_months(D(2025, 3, 15), D(2026, 3, 15)) == 12
    assert d.tenure_months(D(2025, 3, 15), D(2026, 3, 14)) == 11
    assert d.tenure_months(D(2025, 1, 31), D(2025, 2, 28)) == 1


def test_participation_starts_on_the_cohort_start_and_survives_a_later_withdrawal():
    start = D(2025, 9, 1)
    assert d.counts_as_participant(withdrawn_on=None, cohort_start=start)
    assert d.counts_as_participant(withdrawn_on=D(2025, 10, 1), cohort_start=start)
    assert not d.counts_as_participant(withdrawn_on=D(2025, 8, 20), cohort_start=start)
    assert not d.participant_on(start, D(2025, 8, 31))
    assert d.participant_on(start, start)
    assert not d.participant_on(None, start)


def test_a_person_is_a_participant_for_the_whole_month_their_cohort_starts():
    assert d.participant_in_month(D(2025, 9, 15), D(2025, 9, 1))
    assert not d.participant_in_month(D(2025, 9, 15), D(2025, 8, 1))


def test_months_are_named_by_their_first_day():
    assert d.month_end(D(2024, 2, 10)) == D(2024, 2, 29)
    assert d.previous_month_end(D(2025, 3, 1)) == D(2025, 2, 28)
    assert d.months_between(D(2024, 11, 20), D(2025, 2, 3)) == [
        D(2024, 11, 1),
        D(2024, 12, 1),
        D(2025, 1, 1),
        D(2025, 2, 1),
    ]
