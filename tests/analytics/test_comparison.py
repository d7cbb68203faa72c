"""Comparison groups: matched on the start day, eligible that day, reproducible, never participants."""

import datetime

import numpy as np
import pytest

from analytics import definitions as d
from analytics.comparison import Attributes, comparison_draw, standardized_mean_difference
from analytics.models import ComparisonGroup, ComparisonMember
from analytics.selectors import comparison_balance
from analytics.services.comparison import comparison_group_reseed
from analytics.services.refresh import facts_refresh
from analytics.suppression import is_suppressed
from cohorts.models import Participant
from programs.models import ApplicantRole, EligibilityRule, RuleKind
from tests.analytics.conftest import AS_OF
from tests.analytics.factories import cohort_start, cohort_starting, hire, join, records

D = datetime.date
START = D(2025, 9, 1)


@pytest.fixture
def candidates(org):
    """One mentee (Sales, level 2, 14 months' tenure on 1 September 2025) and the people who could
    be her comparison — or could not, each for one reason."""
    cohort = cohort_starting(org, START)
    people = {
        "mentee": hire(org, hired=D(2024, 7, 1), department="Sales", level=2),
        "eligible": hire(org, hired=D(2023, 9, 1), department="Sales", level=2),
        "too_new_for_the_rules": hire(org, hired=D(2025, 3, 1), department="Sales", level=2),
        "outside_the_tenure_band": hire(org, hired=D(2020, 1, 1), department="Sales", level=2),
        "other_department": hire(org, hired=D(2024, 1, 1), department="Finance", level=2),
        "other_level": hire(org, hired=D(2024, 1, 1), department="Sales", level=3),
        "promoted_after_the_start": hire(
            org, hired=D(2024, 3, 1), department="Sales", level=2, changes=[(D(2026, 1, 5), "Sales", 3)]
        ),
        "moved_in_after_the_start": hire(
            org, hired=D(2024, 3, 1), department="Finance", level=2, changes=[(D(2026, 1, 5), "Sales", 2)]
        ),
        "left_before_the_start": hire(
            org,
            hired=D(2023, 5, 1),
            department="Sales",
            level=2,
            left=D(2025, 8, 15),
            termination_type="voluntary",
        ),
        "left_after_the_start": hire(
            org,
            hired=D(2023, 8, 15),
            department="Sales",
            level=2,
            left=D(2026, 2, 1),
            termination_type="voluntary",
        ),
        "joins_a_class_within_the_year": hire(org, hired=D(2023, 7, 1), department="Sales", level=2),
        "joins_a_class_years_later": hire(org, hired=D(2023, 8, 1), department="Sales", level=2),
    }
    join(cohort, people["mentee"])
    join(cohort_starting(org, D(2026, 3, 1), name="next"), people["joins_a_class_within_the_year"])
    join(cohort_starting(org, D(2027, 1, 1), name="later"), people["joins_a_class_years_later"])
    comparison_group_reseed(cohort=cohort, role=ApplicantRole.MENTEE, seed=42, k=20)
    return cohort, people


def drawn(cohort, role=ApplicantRole.MENTEE):
    return set(
        ComparisonMember.objects.filter(group__cohort=cohort, group__role=role).values_list(
            "employee_id", flat=True
        )
    )


def test_the_comparison_is_matched_on_the_start_day_and_eligible_that_day(org, candidates):
    cohort, people = candidates
    facts_refresh(organization=org, as_of=AS_OF)
    expected = {"eligible", "promoted_after_the_start", "left_after_the_start", "joins_a_class_years_later"}
    assert drawn(cohort) == {people[name].pk for name in expected}


def test_changing_the_program_rules_redraws_the_comparison(org, candidates):
    cohort, people = candidates
    facts_refresh(organization=org, as_of=AS_OF)
    EligibilityRule.objects.filter(
        program=cohort.program, applies_to=ApplicantRole.MENTEE, kind=RuleKind.MIN_TENURE_MONTHS
    ).update(value=20)
    facts_refresh(organization=org, as_of=AS_OF)
    # 18 months' tenure on the start day no longer qualifies; 24 and 27 still do.
    assert people["promoted_after_the_start"].pk not in drawn(cohort)
    assert people["eligible"].pk in drawn(cohort)


def test_the_group_records_its_seed_and_its_balance(org, candidates):
    cohort, _ = candidates
    facts_refresh(organization=org, as_of=AS_OF)
    group = ComparisonGroup.objects.get(cohort=cohort, role=ApplicantRole.MENTEE)
    assert (group.seed, group.k, group.tenure_band_months) == (42, 20, 12)
    assert (group.participants, group.participants_fully_matched) == (1, 0)  # 4 of the 20 wanted
    balance = {row["variable"]: row for row in group.balance}
    # Exact matching: both groups are all Sales, all level 2.
    assert balance["department:Sales"]["smd"] == 0.0
    assert balance["level:2"]["smd"] == 0.0
    # Tenure: the mentee has 14 months; the four drawn have 24, 18, 24 and 25: mean 22.75.
    assert balance["tenure_months"]["participants"] == 14
    assert balance["tenure_months"]["comparison"] == 22.75


def _synthetic(n_candidates=60, n_participants=6):
    rng = np.random.default_rng(0)
    size = n_candidates + n_participants
    attributes = Attributes(
        department=np.zeros(size, dtype=np.int64),
        level=np.ones(size, dtype=np.int64),
        tenure=rng.integers(10, 40, size=size),
    )
    participants = np.arange(n_candidates, size)
    return attributes, participants, np.arange(n_candidates)


def test_the_same_seed_draws_the_same_people_and_another_seed_others():
    attributes, participants, pool = _synthetic()

    def draw(seed):
        return comparison_draw(
            participants=participants,
            candidates=pool,
            attributes=attributes,
            eligible=lambda p: p % 7 != 0,
            k=2,
            seed=seed,
        )

    assert draw(5) == draw(5)
    assert draw(5) != draw(6)
    assert draw(5) == comparison_draw(
        participants=participants[::-1],
        candidates=pool[::-1],
        attributes=attributes,
        eligible=lambda p: p % 7 != 0,
        k=2,
        seed=5,
    )


def test_the_draw_is_one_to_k_without_replacement_within_the_band():
    attributes, participants, pool = _synthetic()
    pairs = comparison_draw(
        participants=participants,
        candidates=pool,
        attributes=attributes,
        eligible=lambda p: True,
        k=3,
        seed=1,
        band=5,
    )
    controls = [c for _, c in pairs]
    assert len(controls) == len(set(controls))
    assert all(np.bincount([p for p, _ in pairs]) <= 3)
    assert all(abs(attributes.tenure[p] - attributes.tenure[c]) <= 5 for p, c in pairs)


def test_reseeding_redraws_reproducibly(org, candidates):
    cohort, _ = candidates

    def draw_with(seed):
        comparison_group_reseed(cohort=cohort, role=ApplicantRole.MENTEE, seed=seed, k=1)
        facts_refresh(organization=org, as_of=AS_OF)
        return frozenset(drawn(cohort))

    draws = {seed: draw_with(seed) for seed in range(1, 9)}
    assert all(len(people) == 1 for people in draws.values())
    assert len(set(draws.values())) > 1  # four eligible people: seeds pick different ones
    assert draw_with(3) == draws[3]
    assert draw_with(6) == draws[6]


def test_a_comparison_group_never_includes_a_participant(org, refreshed):
    participants = set(Participant.objects.filter(organization=org).values_list("employee_id", flat=True))
    members = set(ComparisonMember.objects.filter(organization=org).values_list("employee_id", flat=True))
    assert members
    assert not members & participants


def test_every_comparison_member_matches_their_participant_on_the_start_day(org, refreshed):
    people = records(org)
    members = ComparisonMember.objects.filter(organization=org).select_related(
        "participant", "group__cohort__program"
    )
    assert members.count() > 10
    for member in members:
        start = cohort_start(member.group.cohort)
        control, participant = people[member.employee_id], people[member.participant.employee_id]
        assert d.is_in_headcount(control, start)
        assert d.attributes_on(control, start) == d.attributes_on(participant, start)
        gap = d.tenure_months(control.hire_date, start) - d.tenure_months(participant.hire_date, start)
        assert abs(gap) <= member.group.tenure_band_months
        if member.group.role == ApplicantRole.MENTEE:
            assert d.tenure_months(control.hire_date, start) >= 12  # the program's rule


def test_a_new_participant_redraws_the_group(org, refreshed):
    cohort = refreshed[1]
    group = ComparisonGroup.objects.get(cohort=cohort, role=ApplicantRole.MENTEE)
    key = group.inputs_key
    facts_refresh(organization=org, as_of=AS_OF)
    group.refresh_from_db()
    assert group.inputs_key == key
    newcomer = hire(org, hired=D(2020, 1, 1), department="Sales", level=2)
    join(cohort, newcomer)
    facts_refresh(organization=org, as_of=AS_OF)
    group.refresh_from_db()
    assert group.inputs_key != key
    assert newcomer.pk not in drawn(cohort)


def test_standardized_mean_difference_by_hand():
    # Proportions 0.5 vs 0.25: (0.5 − 0.25) / sqrt((0.25 + 0.1875) / 2) = 0.25 / 0.467707 = 0.534522
    smd = standardized_mean_difference(np.array([1, 1, 0, 0.0]), np.array([1, 0, 0, 0.0]), proportion=True)
    assert smd == pytest.approx(0.534522, abs=1e-6)
    # Means 15 vs 12, sample variances 50 and 12: 3 / sqrt(31) = 0.538816
    smd = standardized_mean_difference(np.array([10, 20.0]), np.array([10, 16, 10.0]), proportion=False)
    assert smd == pytest.approx(3 / 31**0.5)
    assert standardized_mean_difference(np.array([1.0]), np.array([]), proportion=True) is None
    assert standardized_mean_difference(np.array([1.0, 1.0]), np.array([1.0]), proportion=True) == 0.0


def test_the_balance_selector_reports_the_draw_and_its_balance(org, refreshed, django_assert_num_queries):
    cohort = refreshed[0]
    with django_assert_num_queries(1):
        balance = comparison_balance(organization=org, cohort_id=cohort.pk)
    assert [r.role for r in balance.roles] == ["mentee", "mentor"]
    mentees = next(r for r in balance.roles if r.role == ApplicantRole.MENTEE)
    group = ComparisonGroup.objects.get(cohort=cohort, role=ApplicantRole.MENTEE)
    assert (mentees.seed, mentees.k, mentees.participants) == (group.seed, group.k, group.participants)
    assert mentees.comparison == ComparisonMember.objects.filter(group=group).count()
    variables = {row.variable: row for row in mentees.variables}
    assert "tenure_months" in variables
    # Matching is exact on level, so the comparison's level mix differs only by who found no match.
    assert all(-1 < row.smd < 1 for name, row in variables.items() if name.startswith("level:"))


def test_the_balance_of_a_small_class_is_suppressed(org, candidates):
    cohort, _ = candidates
    facts_refresh(organization=org, as_of=AS_OF)
    balance = comparison_balance(organization=org, cohort_id=cohort.pk)
    (mentees,) = balance.roles
    assert is_suppressed(mentees.variables) and is_suppressed(mentees.participants)
    assert mentees.seed == 42  # the settings are not about people
