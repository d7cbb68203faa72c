"""Selectors: figures equal the definitions applied to the roster, read from the facts alone."""

import dataclasses
import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics import definitions as d
from analytics.models import FactGroup
from analytics.selectors import (
    AnalyticsFilter,
    Group,
    attrition_series,
    engagement_summary,
    facts_status,
    purpose_progress,
    purpose_progress_of_programs,
    retention_curves,
    retention_summary,
    talent_outcomes,
)
from analytics.services.refresh import facts_refresh
from analytics.suppression import Suppressed
from analytics.survival import kaplan_meier
from organizations.tenancy import organization_scope
from programs.models import ApplicantRole
from tests.analytics.conftest import AS_OF
from tests.analytics.factories import records
from tests.analytics.test_refresh import (
    cohort_groups,
    expected_outcomes,
    expected_survival,
    first_participation,
)
from tests.programs.factories import ProgramFactory

D = datetime.date
LAST_12 = d.months_between(D(2025, 6, 1), D(2026, 5, 1))


def direct_month(people, month, *, member=lambda employee_id: True, department=None):
    """A month's headcounts and separations for the people ``member`` keeps, by the definitions."""
    opening, closing = d.previous_month_end(month), d.month_end(month)

    def in_department(person, day):
        return department is None or d.attributes_on(person, day)[0] == department

    chosen = [(e, p) for e, p in people.items() if member(e)]
    start = sum(1 for _, p in chosen if d.is_in_headcount(p, opening) and in_department(p, opening))
    end = sum(1 for _, p in chosen if d.is_in_headcount(p, closing) and in_department(p, closing))
    leavers = [
        p for _, p in chosen if d.separated_in(p, month, closing) and in_department(p, p.termination_date)
    ]
    voluntary = sum(1 for p in leavers if d.is_voluntary(p.termination_type))
    return start, end, len(leavers), voluntary


@pytest.mark.parametrize("department", [None, "Sales"])
def test_everyone_and_non_participants_attrition_equal_the_definitions(org, refreshed, department):
    people = records(org)
    first = first_participation(cohort_groups(org, refreshed))
    series = attrition_series(organization=org, filters=AnalyticsFilter(department=department))
    assert (series.period_start, series.period_end) == (LAST_12[0], LAST_12[-1])
    for group, member in (
        (Group.EVERYONE, lambda e: True),
        (Group.NON_PARTICIPANTS, lambda e, month=None: True),
    ):
        line = series.line(group)
        rates = []
        for month, shown in zip(LAST_12, line.months, strict=True):
            if group == Group.NON_PARTICIPANTS:

                def member(e, month=month):
                    return not d.participant_in_month(first.get(e), month)

            start, end, separations, voluntary = direct_month(
                people, month, member=member, department=department
            )
            assert (
                shown.headcount_start,
                shown.headcount_end,
                shown.separations,
                shown.voluntary_separations,
            ) == (
                start,
                end,
                separations,
                voluntary,
            ), (group, month)
            rate = d.monthly_turnover(separations=separations, headcount_start=start, headcount_end=end)
            assert shown.rate == pytest.approx(rate)
            rates.append(rate)
        assert line.annualized_rate == pytest.approx(d.annual_turnover(rates))


def test_participants_of_one_cohort_are_followed_from_its_start_month(org, refreshed):
    cohort = refreshed[1]  # started 1 March 2025
    people = records(org)
    groups = cohort_groups(org, refreshed)
    mentees = groups[(FactGroup.MENTEE, cohort.pk, cohort.program_id)][1]
    filters = AnalyticsFilter(cohort_id=cohort.pk, role=ApplicantRole.MENTEE, period_start=D(2025, 1, 1))
    line = attrition_series(organization=org, filters=filters).line(Group.PARTICIPANTS)
    by_month = {m.month: m for m in line.months}
    assert by_month[D(2025, 1, 1)].headcount_end == 0 and by_month[D(2025, 1, 1)].rate is None
    for month in d.months_between(D(2025, 3, 1), D(2026, 5, 1)):
        start, end, separations, _ = direct_month(people, month, member=lambda e: e in mentees)
        assert (by_month[month].headcount_start, by_month[month].headcount_end) == (start, end)
        assert by_month[month].separations == separations
    assert by_month[D(2025, 3, 1)].headcount_start == len(mentees)


def test_attrition_by_department_adds_up_to_the_total(org, refreshed):
    series = attrition_series(organization=org, by="department")
    for group in (Group.EVERYONE, Group.NON_PARTICIPANTS):
        total = series.line(group)
        parts = [line for line in series.lines if line.group == group and line.segment is not None]
        assert {p.segment for p in parts} == {"Engineering", "Finance", "Sales"}
        for i, month in enumerate(total.months):
            shown = [p.months[i] for p in parts if not isinstance(p.months[i].headcount_end, Suppressed)]
            if len(shown) == len(parts):
                assert sum(m.headcount_end for m in shown) == month.headcount_end


def summed(expected, cohorts, groups):
    totals = Counter()
    for (group, cohort_id, *_), counts in expected.items():
        if group in groups and cohort_id in cohorts:
            totals.update(counts)
    return totals


def test_retention_summary_equals_the_definitions(org, refreshed):
    expected = expected_outcomes(org, refreshed)
    both = {c.pk for c in refreshed}
    summary = retention_summary(organization=org)
    for group, facts_groups in (
        (Group.PARTICIPANTS, {FactGroup.MENTEE, FactGroup.MENTOR}),
        (Group.COMPARISON, {FactGroup.COMPARISON_MENTEE, FactGroup.COMPARISON_MENTOR}),
        (Group.NON_PARTICIPANTS, {FactGroup.NON_PARTICIPANT}),
    ):
        totals = summed(expected, both, facts_groups)
        shown = summary.group(group)
        assert shown.headcount_start == totals["headcount_start"]
        assert shown.retained == totals["retained"]
        assert shown.rate == pytest.approx(totals["retained"] / totals["headcount_start"])
        assert shown.voluntary_attrition_rate == pytest.approx(
            totals["voluntary_leavers"] / totals["headcount_start"]
        )
        assert (shown.cohorts_counted, shown.cohorts_pending) == (2, 0)


def test_talent_outcomes_equal_the_definitions(org, refreshed):
    expected = expected_outcomes(org, refreshed)
    cohort = refreshed[0]
    outcomes = talent_outcomes(organization=org, filters=AnalyticsFilter(program_id=cohort.program_id))
    totals = summed(expected, {cohort.pk}, {FactGroup.MENTEE, FactGroup.MENTOR})
    participants = outcomes.group(Group.PARTICIPANTS)
    assert (participants.promoted, participants.moved) == (totals["promoted"], totals["moved"])
    assert participants.promotion_rate == pytest.approx(totals["promoted"] / totals["headcount_start"])
    assert participants.talent_flagged == 0  # nobody flagged in this history


def test_talent_flags_count_in_their_cohorts_participant_group_after_a_refresh(org, refreshed):
    from cohorts.models import Participant
    from cohorts.teams.models import TalentFlag

    cohort = refreshed[0]
    mentee = Participant.objects.filter(cohort=cohort, role=ApplicantRole.MENTEE).first()
    TalentFlag.objects.create(organization=org, cohort=cohort, participant=mentee, readiness="ready_now")
    filters = AnalyticsFilter(program_id=cohort.program_id)
    assert talent_outcomes(organization=org, filters=filters).group(Group.PARTICIPANTS).talent_flagged == 0
    facts_refresh(organization=org, as_of=AS_OF)  # read from facts, never counted in a request
    outcomes = talent_outcomes(organization=org, filters=filters)
    assert outcomes.group(Group.PARTICIPANTS).talent_flagged == 1


def test_a_cohort_inside_its_first_twelve_months_is_pending(org, refreshed):
    facts_refresh(organization=org, as_of=D(2026, 1, 10))  # the 2025 class turns one on 1 March
    summary = retention_summary(organization=org)
    assert (
        summary.group(Group.PARTICIPANTS).cohorts_counted,
        summary.group(Group.PARTICIPANTS).cohorts_pending,
    ) == (1, 1)
    only_pending = retention_summary(organization=org, filters=AnalyticsFilter(cohort_id=refreshed[1].pk))
    assert only_pending.group(Group.PARTICIPANTS).headcount_start is None


def test_retention_curves_are_kaplan_meier_of_the_survival_table(org, refreshed):
    expected = expected_survival(org, refreshed)
    curves = retention_curves(organization=org)
    for group, facts_groups in (
        (Group.PARTICIPANTS, {FactGroup.MENTEE, FactGroup.MENTOR}),
        (Group.COMPARISON, {FactGroup.COMPARISON_MENTEE, FactGroup.COMPARISON_MENTOR}),
    ):
        table = {"time": [], "events": [], "censored": []}
        for (fact_group, *_, day), counts in expected.items():
            if fact_group in facts_groups:
                events = counts.get("voluntary", 0) + counts.get("involuntary", 0) + counts.get("other", 0)
                table["time"].append(day)
                table["events"].append(events)
                table["censored"].append(counts.get("censored", 0))
        steps = [s for s in kaplan_meier(**table) if s.at_risk >= org.min_group_size]
        curve = curves.curve(group)
        assert curve.people == sum(table["events"]) + sum(table["censored"])
        assert [(s.day, s.at_risk, s.events, s.survival) for s in curve.steps] == [
            (s.time, s.at_risk, s.events, pytest.approx(s.survival)) for s in steps
        ]
    assert curves.log_rank is not None and 0 <= curves.log_rank.p_value <= 1
    assert curves.censored_at == AS_OF


def test_retention_curves_stop_at_the_period_end(org, refreshed):
    curves = retention_curves(organization=org, filters=AnalyticsFilter(period_end=D(2025, 12, 1)))
    assert curves.censored_at == D(2025, 12, 31)
    longest = (D(2025, 12, 31) - D(2024, 9, 1)).days
    for curve in curves.curves:
        assert all(step.day <= longest for step in curve.steps)
    voluntary = retention_curves(organization=org, event="voluntary")
    assert (
        voluntary.curve(Group.PARTICIPANTS).steps[-1].survival
        >= curves.curve(Group.PARTICIPANTS).steps[-1].survival
    )


def test_purpose_progress_measures_twelve_month_voluntary_attrition_of_participants(org, refreshed):
    program = refreshed[0].program
    program.target_baseline, program.target_value = 18, 12
    program.save()
    totals = summed(
        expected_outcomes(org, refreshed), {refreshed[0].pk}, {FactGroup.MENTEE, FactGroup.MENTOR}
    )
    progress = purpose_progress(program=program)
    assert progress.measure == "voluntary_attrition_12m"
    assert progress.actual == pytest.approx(
        round(100 * totals["voluntary_leavers"] / totals["headcount_start"], 2)
    )
    assert progress.lower_is_better is True
    assert progress.target_met == (progress.actual <= 12)
    assert (progress.baseline, progress.target) == (18.0, 12.0)


def test_purpose_of_many_programs_gives_each_programs_figures_in_two_queries(org, other_org, refreshed):
    first, second = refreshed[0].program, refreshed[1].program
    second.purpose = "leadership_pipeline"
    second.target_baseline, second.target_value = 10, 20
    second.save()
    programs = [second, first, ProgramFactory(organization=org), ProgramFactory(organization=other_org)]
    singles = [purpose_progress(program=p) for p in programs[:3]]
    with CaptureQueriesContext(connection) as queries:
        batch = purpose_progress_of_programs(organization=org, programs=programs)
    assert len(queries) == 2
    assert batch[:3] == singles
    assert batch[0].actual is not None and batch[1].actual is not None
    assert batch[3].actual is None  # another organization's program: none of Acme's facts
    many = programs + ProgramFactory.create_batch(10, organization=org)
    with CaptureQueriesContext(connection) as queries:
        assert len(purpose_progress_of_programs(organization=org, programs=many)) == len(many)
    assert len(queries) == 2


@pytest.mark.parametrize("min_group_size", [2, 5, 12])
def test_attrition_reads_the_rollup_and_the_monthly_facts_to_the_same_figures(
    org, refreshed, monkeypatch, min_group_size
):
    org.min_group_size = min_group_size
    variants = [
        (AnalyticsFilter(), None),
        (AnalyticsFilter(), "department"),
        (AnalyticsFilter(), "level"),
        (AnalyticsFilter(department="Sales"), None),
        (AnalyticsFilter(level=2, role=ApplicantRole.MENTEE), "level"),
        (AnalyticsFilter(role=ApplicantRole.MENTOR, period_start=D(2024, 6, 1)), "department"),
    ]
    for filters, by in variants:
        with CaptureQueriesContext(connection) as queries:
            from_rollup = attrition_series(organization=org, filters=filters, by=by)
        assert "analytics_monthlyrollupfact" in queries[-1]["sql"], (filters, by)
        with monkeypatch.context() as patched:
            patched.setattr("analytics.selectors.attrition._rollup_answers", lambda filters, by: False)
            with CaptureQueriesContext(connection) as queries:
                from_facts = attrition_series(organization=org, filters=filters, by=by)
        assert "analytics_monthlyfact" in queries[-1]["sql"]
        assert from_rollup == from_facts, (filters, by)
    # A cohort, or a department and a level at once, are read from the monthly facts.
    for filters, by in (
        (AnalyticsFilter(cohort_id=refreshed[0].pk), None),
        (AnalyticsFilter(level=2), "department"),
    ):
        with CaptureQueriesContext(connection) as queries:
            attrition_series(organization=org, filters=filters, by=by)
        assert "analytics_monthlyrollupfact" not in queries[-1]["sql"], (filters, by)


def test_selectors_read_only_the_facts_in_a_fixed_number_of_queries(org, refreshed):
    cohort = refreshed[0]
    variants = [
        AnalyticsFilter(),
        AnalyticsFilter(department="Sales", level=2),
        AnalyticsFilter(program_id=cohort.program_id, role=ApplicantRole.MENTOR, period_start=D(2024, 1, 1)),
        AnalyticsFilter(cohort_id=cohort.pk, period_end=D(2025, 10, 1)),
    ]
    calls = {
        "attrition": (lambda f: attrition_series(organization=org, filters=f), 2),
        "attrition by level": (lambda f: attrition_series(organization=org, filters=f, by="level"), 2),
        "retention": (lambda f: retention_summary(organization=org, filters=f), 2),
        "talent": (lambda f: talent_outcomes(organization=org, filters=f), 2),
        "curves": (lambda f: retention_curves(organization=org, filters=f), 2),
        "engagement": (lambda f: engagement_summary(organization=org, filters=f), 3),
        "status": (lambda f: facts_status(organization=org), 1),
    }
    roster_tables = (
        '"organizations_employee',
        '"cohorts_',
        '"programs_',
        '"matching_',
        '"mentoring_sessions_',
        '"goals_',
    )
    for name, (call, expected) in calls.items():
        for filters in variants:
            with CaptureQueriesContext(connection) as queries:
                call(filters)
            assert len(queries) <= expected, (name, filters, [q["sql"] for q in queries])
            for query in queries:
                assert not any(table in query["sql"] for table in roster_tables), (name, query["sql"])


def test_results_hold_numbers_only(org, refreshed):
    allowed_text = {"group", "segment", "by", "event", "confidence", "measure", "purpose"}

    def check(value, name="result"):
        if dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                check(getattr(value, f.name), f.name)
        elif isinstance(value, tuple | list):
            for item in value:
                check(item, name)
        elif isinstance(value, str):
            assert name in allowed_text | {"departments"}, (name, value)

    for result in (
        attrition_series(organization=org, by="department"),
        retention_summary(organization=org),
        talent_outcomes(organization=org),
        retention_curves(organization=org),
        engagement_summary(organization=org),
        purpose_progress(program=refreshed[0].program),
        facts_status(organization=org),
    ):
        check(result)


def test_before_the_first_refresh_selectors_return_empty_figures(org, history_roster):
    assert attrition_series(organization=org).lines == ()
    assert retention_summary(organization=org).group(Group.PARTICIPANTS).headcount_start is None
    assert retention_curves(organization=org).log_rank is None
    assert engagement_summary(organization=org).months == ()
    assert facts_status(organization=org).refreshed_at is None
    assert purpose_progress(program=history_roster[0].program).actual is None


def test_another_organizations_ids_match_nothing(org, other_org, refreshed):
    facts_refresh(organization=other_org, as_of=AS_OF)
    foreign = AnalyticsFilter(cohort_id=refreshed[0].pk)
    ours = attrition_series(organization=org).line(Group.EVERYONE).months[-1].headcount_end
    with organization_scope(other_org):  # as a request in Globex would
        summary = retention_summary(organization=other_org, filters=foreign)
        assert summary.group(Group.PARTICIPANTS).headcount_start is None
        theirs = attrition_series(organization=other_org).line(Group.EVERYONE).months[-1].headcount_end
        participants = attrition_series(organization=other_org, filters=foreign).line(Group.PARTICIPANTS)
    assert theirs and ours != theirs
    assert participants.months[-1].rate is None


def test_a_leadership_pipeline_is_measured_by_promotions_and_a_custom_purpose_by_nothing(org, refreshed):
    program = refreshed[0].program
    program.purpose = "leadership_pipeline"
    program.target_baseline, program.target_value = 10, 20
    program.save()
    totals = summed(
        expected_outcomes(org, refreshed), {refreshed[0].pk}, {FactGroup.MENTEE, FactGroup.MENTOR}
    )
    progress = purpose_progress(program=program)
    assert progress.measure == "promotion_rate_12m"
    assert progress.actual == pytest.approx(round(100 * totals["promoted"] / totals["headcount_start"], 2))
    assert progress.lower_is_better is False
    assert progress.target_met == (progress.actual >= 20)
    program.purpose = "custom"
    program.save()
    custom = purpose_progress(program=program)
    assert (custom.measure, custom.actual, custom.target_met) == ("", None, None)
