"""Small groups are hidden everywhere, including where a total minus its shown parts reveals them."""

import datetime

import pytest

from analytics.selectors import (
    AnalyticsFilter,
    Group,
    attrition_series,
    retention_curves,
    retention_summary,
    talent_outcomes,
)
from analytics.services.refresh import facts_refresh
from analytics.suppression import Suppressed, is_suppressed, secondary_suppression, too_small
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
