"""Small groups are hidden everywhere, including where a total minus its shown parts reveals them."""

import datetime

import pytest

from analytics.selectors import (
    AnalyticsFilter,
    Group,
    attrition_series,
    comparison_balance,
    purpose_progress,
    retention_curves,
    retention_summary,
    talent_outcomes,
)
from analytics.services.refresh import facts_refresh
from analytics.suppression import (
    Suppressed,
    comparison_suppression,
    is_suppressed,
    secondary_suppression,
    too_small,
)
from tests.analytics.conftest import AS_OF
from tests.analytics.factories import hire

D = datetime.date


def test_the_marker_reads_as_fewer_than_the_minimum_and_is_never_a_number():
    marker = Suppressed(5)
    assert str(marker) == "fewer than 5"
    assert not marker
    assert marker.as_json() == {"suppressed": True, "min_group_size": 5}
    with pytest.raises(TypeError):
        marker + 1


def test_a_group_with_people_but_fewer_than_the_minimum_is_too_small():
    assert too_small(4, 5)
    assert not too_small(5, 5)
    assert not too_small(0, 5)  # nobody to protect: figures are undefined, not hidden


def test_one_hidden_part_of_a_shown_total_hides_the_smallest_other_part():
    sizes = {"Sales": 40, "Legal": 3, "Finance": 12, "Engineering": 60}
    assert secondary_suppression(sizes, {"Legal"}) == {"Legal", "Finance"}


def test_no_second_part_is_hidden_when_two_are_hidden_already_or_the_total_is():
    sizes = {"Sales": 40, "Legal": 3, "Data": 2, "Finance": 12}
    assert secondary_suppression(sizes, {"Legal", "Data"}) == {"Legal", "Data"}
    assert secondary_suppression(sizes, {"Legal"}, total_hidden=True) == {"Legal"}
    assert secondary_suppression({"Sales": 40, "Finance": 12}, set()) == set()


def test_empty_parts_neither_need_protection_nor_protect():
    sizes = {"Sales": 40, "Legal": 0, "Finance": 12, "Data": 3}
    assert secondary_suppression(sizes, {"Legal"}) == {"Legal"}
    assert secondary_suppression(sizes, {"Data"}) == {"Data", "Finance"}


@pytest.fixture
def with_a_tiny_department(org, history_roster):
    """Three people in Legal since 2024: always fewer than five."""
    for day in (D(2024, 1, 8), D(2024, 2, 5), D(2024, 3, 4)):
        hire(org, hired=day, department="Legal", level=2)
    facts_refresh(organization=org, as_of=AS_OF)
    return history_roster


def test_a_small_department_is_suppressed_in_its_own_series(org, with_a_tiny_department):
    series = attrition_series(organization=org, filters=AnalyticsFilter(department="Legal"))
    everyone = series.line(Group.EVERYONE)
    assert all(is_suppressed(month.headcount_end) and is_suppressed(month.rate) for month in everyone.months)
    assert is_suppressed(everyone.annualized_rate)
    assert str(everyone.months[0].rate) == "fewer than 5"


def test_a_small_department_cannot_be_recovered_from_the_total_and_the_other_departments(
    org, with_a_tiny_department
):
    series = attrition_series(organization=org, by="department")
    for group in (Group.EVERYONE, Group.NON_PARTICIPANTS):
        total = series.line(group)
        legal = series.line(group, "Legal")
        parts = [line for line in series.lines if line.group == group and line.segment is not None]
        for i, month in enumerate(total.months):
            assert is_suppressed(legal.months[i].headcount_end)
            if not is_suppressed(month.headcount_end):
                hidden = [p.segment for p in parts if is_suppressed(p.months[i].headcount_end)]
                assert len(hidden) >= 2, (group, month.month, hidden)


def test_an_annualized_rate_is_hidden_when_any_of_its_months_is(org, with_a_tiny_department):
    series = attrition_series(organization=org, by="department")
    for line in series.lines:
        if any(is_suppressed(m.rate) for m in line.months):
            assert is_suppressed(line.annualized_rate)
        else:
            assert not is_suppressed(line.annualized_rate)


def test_participants_of_any_cohort_cannot_be_recovered_as_everyone_minus_non_participants(org, refreshed):
    # With a minimum of 50, the 40-odd participants are too few, the 60-odd non-participants are not.
    org.min_group_size = 50
    org.save()
    series = attrition_series(organization=org)
    everyone, others = series.line(Group.EVERYONE), series.line(Group.NON_PARTICIPANTS)
    assert not is_suppressed(everyone.months[-1].headcount_end)
    assert everyone.months[-1].headcount_end >= 50
    assert all(is_suppressed(month.headcount_end) for month in others.months)


def test_figures_of_large_enough_groups_stay_visible(org, refreshed):
    series = attrition_series(organization=org)
    for group in Group.PARTICIPANTS, Group.COMPARISON, Group.NON_PARTICIPANTS, Group.EVERYONE:
        assert not any(is_suppressed(m.rate) for m in series.line(group).months), group


def test_retention_and_talent_figures_of_small_groups_are_suppressed(org, refreshed):
    org.min_group_size = 40
    org.save()
    summary = retention_summary(organization=org, filters=AnalyticsFilter(role="mentor"))
    mentors = summary.group(Group.PARTICIPANTS)
    assert is_suppressed(mentors.headcount_start) and is_suppressed(mentors.rate)
    assert is_suppressed(mentors.voluntary_attrition_rate)
    assert not is_suppressed(summary.group(Group.NON_PARTICIPANTS).rate)
    talent = talent_outcomes(organization=org, filters=AnalyticsFilter(role="mentor"))
    assert is_suppressed(talent.group(Group.PARTICIPANTS).promotion_rate)


def test_a_curve_never_shows_fewer_people_at_risk_than_the_minimum(org, refreshed):
    org.min_group_size = 20
    org.save()
    curves = retention_curves(organization=org)
    participants = curves.curve(Group.PARTICIPANTS)
    assert participants.steps
    assert all(step.at_risk >= 20 for step in participants.steps)
    mentors = retention_curves(organization=org, filters=AnalyticsFilter(role="mentor"))
    assert is_suppressed(mentors.curve(Group.PARTICIPANTS).steps)
    assert mentors.log_rank is None


# --- Participants and the comparison group drawn from them ----------------------------------------

FINANCE_MENTORS = AnalyticsFilter(role="mentor", department="Finance")


def test_hidden_participants_hide_their_comparison_group():
    assert comparison_suppression(
        participants_hidden=True, comparison_hidden=False, comparison_too_small=False
    ) == (
        True,
        True,
    )


def test_a_comparison_hidden_although_large_enough_hides_its_participants():
    # Hidden by differencing: k × the participants' count could recover it.
    assert comparison_suppression(
        participants_hidden=False, comparison_hidden=True, comparison_too_small=False
    ) == (
        True,
        True,
    )


def test_a_comparison_too_small_on_its_own_leaves_its_participants_shown():
    # At least the minimum of participants cannot point to a comparison below it.
    assert comparison_suppression(
        participants_hidden=False, comparison_hidden=True, comparison_too_small=True
    ) == (
        False,
        True,
    )
    assert comparison_suppression(
        participants_hidden=False, comparison_hidden=False, comparison_too_small=False
    ) == (
        False,
        False,
    )


def test_four_mentors_are_not_given_away_by_the_eight_people_of_their_comparison_group_in_attrition(
    org, four_finance_mentors
):
    series = attrition_series(organization=org, filters=FINANCE_MENTORS)
    for group in (Group.PARTICIPANTS, Group.COMPARISON):
        line = series.line(group)
        assert all(
            is_suppressed(m.headcount_start) and is_suppressed(m.headcount_end) for m in line.months
        ), group
        assert is_suppressed(line.annualized_rate)
    assert series.line(Group.NON_PARTICIPANTS).months[-1].headcount_end is not None


def test_a_hidden_department_of_participants_hides_that_department_of_the_comparison(
    org, four_finance_mentors
):
    series = attrition_series(organization=org, filters=AnalyticsFilter(role="mentor"), by="department")
    assert series.line(Group.PARTICIPANTS).months[-1].headcount_end == 10
    assert series.line(Group.COMPARISON).months[-1].headcount_end == 20
    for group in (Group.PARTICIPANTS, Group.COMPARISON):
        # Finance by its size (participants) or its link (comparison), Sales by differencing.
        for department in ("Finance", "Sales"):
            assert all(is_suppressed(m.headcount_end) for m in series.line(group, department).months), (
                group,
                department,
            )


def test_four_mentors_are_not_given_away_by_their_comparison_group_in_twelve_month_figures(
    org, four_finance_mentors
):
    summary = retention_summary(organization=org, filters=FINANCE_MENTORS)
    talent = talent_outcomes(organization=org, filters=FINANCE_MENTORS)
    for result in (summary, talent):
        for group in (Group.PARTICIPANTS, Group.COMPARISON):
            assert is_suppressed(result.group(group).headcount_start), (type(result).__name__, group)
    assert is_suppressed(summary.group(Group.COMPARISON).rate)
    assert is_suppressed(talent.group(Group.COMPARISON).promotion_rate)
    # Without the department filter both groups are large enough.
    mentors = retention_summary(organization=org, filters=AnalyticsFilter(role="mentor"))
    assert mentors.group(Group.PARTICIPANTS).headcount_start == 10
    assert mentors.group(Group.COMPARISON).headcount_start == 20


def test_four_mentors_are_not_given_away_by_the_people_and_at_risk_of_their_comparison_curve(
    org, four_finance_mentors
):
    curves = retention_curves(organization=org, filters=FINANCE_MENTORS)
    for group in (Group.PARTICIPANTS, Group.COMPARISON):
        curve = curves.curve(group)
        assert is_suppressed(curve.people) and is_suppressed(curve.steps), group
    assert curves.log_rank is None


def test_a_comparison_group_too_small_on_its_own_is_hidden_and_its_participants_shown(
    org, four_finance_mentors
):
    mentees = AnalyticsFilter(role="mentee")
    summary = retention_summary(organization=org, filters=mentees)
    assert summary.group(Group.PARTICIPANTS).headcount_start == 12
    assert is_suppressed(summary.group(Group.COMPARISON).headcount_start)
    curves = retention_curves(organization=org, filters=mentees)
    assert curves.curve(Group.PARTICIPANTS).people == 12
    assert is_suppressed(curves.curve(Group.COMPARISON).people)


def test_a_programs_comparison_figure_is_hidden_with_its_participants(org, four_finance_mentors):
    program = four_finance_mentors.program
    assert not is_suppressed(purpose_progress(program=program).comparison)
    org.min_group_size = 23  # 22 participants: too few; 24 comparison people: enough on their own
    org.save()
    progress = purpose_progress(program=program)
    assert is_suppressed(progress.actual) and is_suppressed(progress.comparison)


def test_balance_hides_a_comparison_too_small_on_its_own_and_what_bounds_its_size(org, four_finance_mentors):
    mentees, mentors = comparison_balance(organization=org, cohort_id=four_finance_mentors.pk).roles
    assert mentees.participants == 12
    assert is_suppressed(mentees.comparison) and is_suppressed(mentees.fully_matched)
    assert all(is_suppressed(row.comparison) and is_suppressed(row.smd) for row in mentees.variables)
    assert all(not is_suppressed(row.participants) for row in mentees.variables)
    assert (mentors.participants, mentors.comparison, mentors.fully_matched) == (10, 20, 10)


def test_balance_hides_the_comparison_of_a_class_too_small_to_show(org, four_finance_mentors):
    org.min_group_size = 11
    org.save()
    _, mentors = comparison_balance(organization=org, cohort_id=four_finance_mentors.pk).roles
    assert is_suppressed(mentors.participants)
    assert is_suppressed(mentors.comparison) and is_suppressed(mentors.fully_matched)
    assert is_suppressed(mentors.variables)
