"""The refresh: every stored fact equals the definitions applied to the roster rows, directly."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics import definitions as d
from analytics.facts import writer
from analytics.facts.monthly import MEASURES
from analytics.models import (
    CohortOutcomeFact,
    CohortSurvivalFact,
    ComparisonMember,
    FactGroup,
    FactsRefresh,
    MonthlyFact,
    MonthlyRollupFact,
)
from analytics.services.refresh import HISTORY_MONTHS, facts_refresh
from cohorts.models import Participant
from organizations.clock import local_date
from organizations.months import add_months
from tests.analytics.conftest import AS_OF
from tests.analytics.factories import (
    cohort_start,
    cohort_starting,
    hire,
    join,
    random_roster,
    records,
    two_cohorts,
)

ROLE_GROUPS = {"mentee": FactGroup.MENTEE, "mentor": FactGroup.MENTOR}
COMPARISON = {"mentee": FactGroup.COMPARISON_MENTEE, "mentor": FactGroup.COMPARISON_MENTOR}


# --- The direct computation: definitions applied to roster rows, one person at a time ----------


def cohort_groups(organization, cohorts):
    """{(group, cohort id, program id): (start date, employee ids)} straight from the rows."""
    groups = {}
    for cohort in cohorts:
        start = cohort_start(cohort)
        for role, group in ROLE_GROUPS.items():
            people = {
                p.employee_id
                for p in Participant.objects.filter(cohort=cohort, role=role)
                if d.counts_as_participant(
                    withdrawn_on=local_date(p.withdrawn_at, organization) if p.withdrawn_at else None,
                    cohort_start=start,
                )
            }
            groups[(group, cohort.pk, cohort.program_id)] = (start, people)
            controls = set(
                ComparisonMember.objects.filter(group__cohort=cohort, group__role=role).values_list(
                    "employee_id", flat=True
                )
            )
            groups[(COMPARISON[role], cohort.pk, cohort.program_id)] = (start, controls)
    return groups


def first_participation(groups):
    first = {}
    for (group, _, _), (start, people) in groups.items():
        if group in (FactGroup.MENTEE, FactGroup.MENTOR):
            for person in people:
                first[person] = min(first.get(person, start), start)
    return first


def month_counts(person, month):
    """[(measure, (department, level))] that one person adds to one month's facts."""
    opening, closing = d.previous_month_end(month), d.month_end(month)
    counted = []
    if d.is_in_headcount(person, opening):
        counted.append(("headcount_start", d.attributes_on(person, opening)))
    if d.is_in_headcount(person, closing):
        counted.append(("headcount_end", d.attributes_on(person, closing)))
    if month <= person.hire_date <= closing:
        counted.append(("hires", d.attributes_on(person, person.hire_date)))
    if d.separated_in(person, month, closing):
        on_leaving = d.attributes_on(person, person.termination_date)
        counted.append(("separations", on_leaving))
        if d.is_voluntary(person.termination_type):
            counted.append(("separations_voluntary", on_leaving))
        if d.is_involuntary(person.termination_type):
            counted.append(("separations_involuntary", on_leaving))
    for measure, changes in (("promotions", d.promotions(person)), ("moves", d.moves(person))):
        counted += [
            (measure, (c.department, c.level)) for c in changes if month <= c.effective_date <= closing
        ]
    return counted


def expected_monthly(organization, cohorts):
    people = records(organization)
    groups = cohort_groups(organization, cohorts)
    first = first_participation(groups)
    last = add_months(d.month_start(AS_OF), -1)
    earliest = min(p.hire_date for p in people.values())
    months = d.months_between(max(add_months(last, -(HISTORY_MONTHS - 1)), d.month_start(earliest)), last)
    facts = defaultdict(Counter)
    for month in months:
        for employee_id, person in people.items():
            memberships = [
                (
                    FactGroup.PARTICIPANT
                    if d.participant_in_month(first.get(employee_id), month)
                    else FactGroup.NON_PARTICIPANT,
                    None,
                    None,
                )
            ]
            memberships += [
                key
                for key, (start, members) in groups.items()
                if employee_id in members and month >= d.month_start(start)
            ]
            counted = month_counts(person, month)
            for group_key in memberships:
                for measure, attributes in counted:
                    facts[(month, *group_key, *attributes)][measure] += 1
    return {key: dict(counter) for key, counter in facts.items()}


def stored_monthly(organization):
    measures = (
        "headcount_start",
        "headcount_end",
        "hires",
        "separations",
        "separations_voluntary",
        "separations_involuntary",
        "promotions",
        "moves",
    )
    stored = {}
    for f in MonthlyFact.objects.filter(organization=organization):
        key = (f.month, f.group, f.cohort_id, f.program_id, f.department, f.level)
        assert key not in stored, f"two rows for {key}"
        stored[key] = {m: getattr(f, m) for m in measures if getattr(f, m)}
    return stored


def expected_outcomes(organization, cohorts):
    people = records(organization)
    groups = cohort_groups(organization, cohorts)
    first = first_participation(groups)
    for cohort in cohorts:
        start = cohort_start(cohort)
        groups[(FactGroup.NON_PARTICIPANT, cohort.pk, cohort.program_id)] = (
            start,
            {e for e in people if first.get(e) is None or first[e] > start},
        )
    facts = defaultdict(Counter)
    for (group, cohort_id, program_id), (start, members) in groups.items():
        window_end = d.retention_window_end(start)
        end = window_end if window_end <= AS_OF else AS_OF
        for employee_id in members:
            person = people[employee_id]
            if not d.is_in_headcount(person, start):
                continue
            cell = facts[
                (
                    group,
                    cohort_id,
                    program_id,
                    *d.attributes_on(person, start),
                    window_end,
                    window_end <= AS_OF,
                )
            ]
            cell["headcount_start"] += 1
            cell["retained"] += d.is_in_headcount(person, end)
            left = d.left_within(person, start, end)
            cell["voluntary_leavers"] += left and d.is_voluntary(person.termination_type)
            cell["involuntary_leavers"] += left and d.is_involuntary(person.termination_type)
            cell["promoted"] += any(start < p.effective_date <= end for p in d.promotions(person))
            cell["moved"] += any(start < m.effective_date <= end for m in d.moves(person))
    return {key: {m: v for m, v in c.items() if v} for key, c in facts.items()}


def expected_survival(organization, cohorts):
    people = records(organization)
    facts = defaultdict(Counter)
    for (group, cohort_id, program_id), (start, members) in cohort_groups(organization, cohorts).items():
        for employee_id in members:
            person = people[employee_id]
            if not d.is_in_headcount(person, start):
                continue
            left = person.termination_date is not None and person.termination_date <= AS_OF
            day = ((person.termination_date if left else AS_OF) - start).days
            if not left:
                how = "censored"
            elif d.is_voluntary(person.termination_type):
                how = "voluntary"
            elif d.is_involuntary(person.termination_type):
                how = "involuntary"
            else:
                how = "other"
            facts[(group, cohort_id, program_id, *d.attributes_on(person, start), day)][how] += 1
    return {key: dict(c) for key, c in facts.items()}


# --- The tests ---------------------------------------------------------------------------------


def test_every_monthly_fact_equals_the_definitions_applied_to_the_roster_rows(org, refreshed):
    expected = expected_monthly(org, refreshed)
    stored = stored_monthly(org)
    assert stored == expected
    # The roster really has what the definitions distinguish, so the comparison means something.
    totals = Counter()
    for counts in stored.values():
        totals.update(counts)
    for measure in ("hires", "separations_voluntary", "separations_involuntary", "promotions", "moves"):
        assert totals[measure] > 0, measure
    assert totals["separations"] > totals["separations_voluntary"] + totals["separations_involuntary"]
    assert {key[1] for key in stored} == set(FactGroup.values)


def test_every_cohort_outcome_equals_the_definitions_applied_to_the_roster_rows(org, refreshed):
    stored = {
        (f.group, f.cohort_id, f.program_id, f.department, f.level, f.window_end, f.window_complete): {
            m: getattr(f, m)
            for m in (
                "headcount_start",
                "retained",
                "voluntary_leavers",
                "involuntary_leavers",
                "promoted",
                "moved",
            )
            if getattr(f, m)
        }
        for f in CohortOutcomeFact.objects.filter(organization=org)
    }
    assert stored == expected_outcomes(org, refreshed)
    # The 2024 class's twelve months have ended by June 2026; the 2025 class's too (March 2026).
    assert all(complete for *_, complete in stored)


def test_every_survival_fact_equals_the_definitions_applied_to_the_roster_rows(org, refreshed):
    stored = {
        (f.group, f.cohort_id, f.program_id, f.department, f.level, f.day): {
            m: getattr(f, m) for m in ("voluntary", "involuntary", "other", "censored") if getattr(f, m)
        }
        for f in CohortSurvivalFact.objects.filter(organization=org)
    }
    assert stored == expected_survival(org, refreshed)


def test_a_participant_who_withdrew_before_the_start_is_not_a_participant(org, refreshed):
    withdrawn = Participant.objects.filter(
        cohort=refreshed[0], withdrawn_at__date__lt=cohort_start(refreshed[0])
    )
    assert withdrawn.count() == 1
    groups = cohort_groups(org, refreshed)
    employee_id = withdrawn.get().employee_id
    assert employee_id not in groups[(FactGroup.MENTEE, refreshed[0].pk, refreshed[0].program_id)][1]
    late = Participant.objects.filter(
        cohort=refreshed[0], withdrawn_at__date__gt=cohort_start(refreshed[0])
    ).get()
    assert late.employee_id in groups[(FactGroup.MENTEE, refreshed[0].pk, refreshed[0].program_id)][1]


def test_the_class_of_a_cohort_not_started_yet_are_still_non_participants(org, history_roster):
    waiting = cohort_starting(org, None, name="next year")
    newcomer = hire(org, hired=datetime.date(2020, 1, 1), department="Sales", level=2)
    join(waiting, newcomer)
    facts_refresh(organization=org, as_of=AS_OF)
    row = MonthlyFact.objects.get(
        organization=org,
        month=datetime.date(2026, 5, 1),
        group=FactGroup.NON_PARTICIPANT,
        department="Sales",
        level=2,
    )
    expected = expected_monthly(org, history_roster)
    key = (datetime.date(2026, 5, 1), FactGroup.NON_PARTICIPANT, None, None, "Sales", 2)
    assert row.headcount_end == expected[key]["headcount_end"]
    assert waiting.pk not in [c["id"] for c in FactsRefresh.objects.get(organization=org).cohorts]


def test_the_rollup_holds_the_monthly_facts_summed_over_cohorts_and_one_dimension(org, refreshed):
    """Every cohort's groups pooled per kind, per department over all levels and per level over
    all departments: exactly the sums of the monthly facts (which equal the definitions)."""
    expected = defaultdict(Counter)
    for (month, group, _, _, department, level), counts in stored_monthly(org).items():
        expected[(month, group, department, None)].update(counts)
        expected[(month, group, "", level)].update(counts)
    stored = {}
    for f in MonthlyRollupFact.objects.filter(organization=org):
        key = (f.month, f.group, f.department, f.level)
        assert key not in stored, f"two rows for {key}"
        stored[key] = {m: getattr(f, m) for m in MEASURES if getattr(f, m)}
    assert stored == {key: dict(counts) for key, counts in expected.items()}


def test_monthly_facts_run_to_the_last_complete_month(org, refreshed):
    status = FactsRefresh.objects.get(organization=org)
    assert status.as_of == AS_OF
    assert status.last_month == datetime.date(2026, 5, 1)
    assert status.first_month == datetime.date(2021, 6, 1)  # five years back
    assert MonthlyFact.objects.filter(organization=org, month__gt=datetime.date(2026, 5, 1)).count() == 0
    assert status.cohorts == [
        {"id": c.pk, "program_id": c.program_id, "start": cohort_start(c).isoformat()} for c in refreshed
    ]


def test_refreshing_twice_gives_the_same_facts(org, refreshed):
    before = stored_monthly(org)
    members_before = sorted(ComparisonMember.objects.values_list("group_id", "employee_id"))
    facts_refresh(organization=org, as_of=AS_OF)
    assert stored_monthly(org) == before
    assert sorted(ComparisonMember.objects.values_list("group_id", "employee_id")) == members_before


@pytest.mark.across_organizations
def test_refresh_touches_only_its_own_organization(org, other_org, refreshed):
    facts_refresh(organization=other_org, as_of=AS_OF)
    assert stored_monthly(org) == expected_monthly(org, refreshed)
    other_ids = set(MonthlyFact.objects.filter(organization=other_org).values_list("id", flat=True))
    assert other_ids
    facts_refresh(organization=org, as_of=AS_OF)
    assert set(MonthlyFact.objects.filter(organization=other_org).values_list("id", flat=True)) == other_ids


def test_a_failed_refresh_leaves_the_previous_facts_in_place(org, refreshed, monkeypatch):
    before = stored_monthly(org)
    real_insert = writer.facts_insert

    def failing_insert(model, **kwargs):
        if model is CohortSurvivalFact:
            raise RuntimeError("disk full")
        return real_insert(model, **kwargs)

    monkeypatch.setattr("analytics.services.refresh.facts_insert", failing_insert)
    hire(org, hired=datetime.date(2026, 2, 2), department="Sales", level=1)
    with pytest.raises(RuntimeError):
        facts_refresh(organization=org, as_of=AS_OF)
    assert stored_monthly(org) == before
    assert CohortSurvivalFact.objects.filter(organization=org).exists()


def test_a_new_hire_shows_after_the_next_refresh(org, refreshed):
    hire(org, hired=datetime.date(2026, 2, 2), department="Legal", level=1)
    facts_refresh(organization=org, as_of=AS_OF)
    row = MonthlyFact.objects.get(organization=org, month=datetime.date(2026, 2, 1), department="Legal")
    assert (row.group, row.hires, row.headcount_start, row.headcount_end) == (
        FactGroup.NON_PARTICIPANT,
        1,
        0,
        1,
    )
    assert "Legal" in FactsRefresh.objects.get(organization=org).departments


def test_a_roster_first_loaded_today_counts_its_history_from_the_hire_dates(org):
    # Every snapshot is dated today, after the last complete month: the first one stands for
    # the time before it.
    for hired in (datetime.date(2024, 3, 4), datetime.date(2025, 7, 1)):
        hire(org, hired=hired, department="Sales", level=3, recorded_from=AS_OF)
    facts_refresh(organization=org, as_of=AS_OF)
    assert stored_monthly(org) == expected_monthly(org, [])
    may = MonthlyFact.objects.get(organization=org, month=datetime.date(2026, 5, 1))
    assert (may.department, may.level, may.headcount_end) == ("Sales", 3, 2)


@pytest.mark.across_organizations
def test_an_empty_organization_refreshes_to_no_facts(other_org):
    refresh = facts_refresh(organization=other_org, as_of=AS_OF)
    assert refresh.employees == 0
    assert not MonthlyFact.objects.filter(organization=other_org).exists()


@pytest.mark.across_organizations
def test_refresh_queries_do_not_grow_with_the_roster(org, other_org):
    """A few queries per cohort and per fact table, none per person: 40 or 120 people alike."""

    def queries_for(organization, people):
        two_cohorts(organization, random_roster(organization, people=people, seed=people))
        with CaptureQueriesContext(connection) as queries:
            facts_refresh(organization=organization, as_of=AS_OF)
        # Each table's rows go in one COPY or executemany, none when a table has no rows for
        # this roster (a comparison group nobody matched); everything else must be constant.
        return sum(1 for q in queries if 'INSERT INTO "analytics_' not in q["sql"])

    assert queries_for(org, 120) == queries_for(other_org, 60)
