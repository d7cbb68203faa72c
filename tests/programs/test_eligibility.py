"""The one evaluator, rule by rule, at the boundaries."""

import datetime

import pytest

from programs.eligibility import (
    EligibilityContext,
    default_rules,
    describe_rule,
    eligibility_context,
    evaluate_eligibility,
    meets_expectations_position,
    normalize_rule_value,
)
from programs.models import ApplicantRole, EligibilityRule, RuleKind
from programs.participation import employees_in_active_cohorts, register_active_participation_source
from tests.factories import EmployeeFactory

D = datetime.date


def rule(kind, value=None):
    return EligibilityRule(kind=kind, value=value, applies_to=ApplicantRole.MENTEE)


AS_OF = D(2026, 3, 15)


def failures(org, employee, *rules, as_of=AS_OF, active=()):
    context = EligibilityContext(organization=org, active_cohort_employee_ids=frozenset(active))
    return evaluate_eligibility(rules=list(rules), employee=employee, as_of=as_of, context=context)


@pytest.fixture
def employee(org):
    return EmployeeFactory(
        organization=org,
        hire_date=D(2025, 3, 15),
        department="Engineering",
        level=3,
        location="Amsterdam",
        performance_rating=3,
    )


class TestTenure:
    def test_twelve_months_to_the_day_counts(self, org, employee):
        assert failures(org, employee, rule(RuleKind.MIN_TENURE_MONTHS, 12), as_of=D(2026, 3, 15)) == []

    def test_one_day_short_is_eleven_months(self, org, employee):
        [failure] = failures(org, employee, rule(RuleKind.MIN_TENURE_MONTHS, 12), as_of=D(2026, 3, 14))
        assert failure.person_value == 11
        assert failure.required_value == 12
        assert failure.message == "You have 11 months' tenure; this program asks for at least 12."

    def test_hired_on_the_31st_has_a_month_on_the_last_day_of_february(self, org):
        employee = EmployeeFactory(organization=org, hire_date=D(2026, 1, 31))
        assert failures(org, employee, rule(RuleKind.MIN_TENURE_MONTHS, 1), as_of=D(2026, 2, 28)) == []
        [failure] = failures(org, employee, rule(RuleKind.MIN_TENURE_MONTHS, 1), as_of=D(2026, 2, 27))
        assert failure.person_value == 0

    def test_someone_not_started_yet_has_no_tenure(self, org):
        employee = EmployeeFactory(organization=org, hire_date=D(2026, 6, 1))
        [failure] = failures(org, employee, rule(RuleKind.MIN_TENURE_MONTHS, 1), as_of=D(2026, 3, 15))
        assert failure.person_value == 0

    def test_a_single_month_reads_well(self, org):
        employee = EmployeeFactory(organization=org, hire_date=D(2026, 2, 15))
        [failure] = failures(org, employee, rule(RuleKind.MIN_TENURE_MONTHS, 12), as_of=D(2026, 3, 15))
        assert failure.message.startswith("You have 1 month's tenure;")

    def test_a_missing_hire_date_fails_with_a_clear_message(self, org, employee):
        employee.hire_date = None  # the roster requires it, but an in-memory row may lack it
        [failure] = failures(org, employee, rule(RuleKind.MIN_TENURE_MONTHS, 12))
        assert failure.person_value is None
        assert "hire date is missing" in failure.message


class TestRating:
    def test_the_threshold_rating_qualifies(self, org, employee):
        assert failures(org, employee, rule(RuleKind.MIN_RATING, 3)) == []

    def test_one_below_the_threshold_fails_with_both_labels(self, org, employee):
        employee.performance_rating = 2
        [failure] = failures(org, employee, rule(RuleKind.MIN_RATING, 3))
        assert failure.person_value == "Needs improvement"
        assert failure.required_value == "Meets expectations"
        assert failure.message == (
            "Your latest performance rating is “Needs improvement”; this program asks for "
            "“Meets expectations” or better."
        )

    def test_a_missing_rating_fails_instead_of_crashing(self, org, employee):
        employee.performance_rating = None
        [failure] = failures(org, employee, rule(RuleKind.MIN_RATING, 3))
        assert failure.person_value is None
        assert "performance rating is missing" in failure.message


class TestDepartmentsAndLocations:
    def test_an_allowed_department_passes_whatever_its_case(self, org, employee):
        assert failures(org, employee, rule(RuleKind.DEPARTMENTS_ALLOWED, ["engineering ", "Sales"])) == []

    def test_a_department_not_allowed_fails_naming_the_allowed_ones(self, org, employee):
        [failure] = failures(org, employee, rule(RuleKind.DEPARTMENTS_ALLOWED, ["Sales", "Marketing"]))
        assert failure.person_value == "Engineering"
        assert failure.required_value == ["Sales", "Marketing"]
        assert failure.message == (
            "You work in Engineering; this program is open to people in Sales or Marketing only."
        )

    def test_an_excluded_department_fails(self, org, employee):
        [failure] = failures(org, employee, rule(RuleKind.DEPARTMENTS_EXCLUDED, ["Engineering"]))
        assert (
            failure.message == "You work in Engineering; this program is not open to people in Engineering."
        )

    def test_another_department_is_not_excluded(self, org, employee):
        assert failures(org, employee, rule(RuleKind.DEPARTMENTS_EXCLUDED, ["Legal"])) == []

    def test_a_missing_department_fails_with_a_clear_message(self, org, employee):
        employee.department = ""
        for kind in (RuleKind.DEPARTMENTS_ALLOWED, RuleKind.DEPARTMENTS_EXCLUDED):
            [failure] = failures(org, employee, rule(kind, ["Sales"]))
            assert "department is missing from the HR roster" in failure.message

    def test_locations_allowed_and_excluded(self, org, employee):
        assert failures(org, employee, rule(RuleKind.LOCATIONS_ALLOWED, ["Amsterdam"])) == []
        [failure] = failures(org, employee, rule(RuleKind.LOCATIONS_ALLOWED, ["London"]))
        assert (
            failure.message
            == "You are based in Amsterdam; this program is open to people based in London only."
        )
        [failure] = failures(org, employee, rule(RuleKind.LOCATIONS_EXCLUDED, ["Amsterdam"]))
        assert failure.person_value == "Amsterdam"
        assert failures(org, employee, rule(RuleKind.LOCATIONS_EXCLUDED, ["London"])) == []

    def test_a_missing_location_fails_with_a_clear_message(self, org, employee):
        employee.location = ""
        [failure] = failures(org, employee, rule(RuleKind.LOCATIONS_ALLOWED, ["Amsterdam"]))
        assert "location is missing" in failure.message


class TestLevels:
    def test_min_level_boundary(self, org, employee):
        assert failures(org, employee, rule(RuleKind.MIN_LEVEL, 3)) == []
        [failure] = failures(org, employee, rule(RuleKind.MIN_LEVEL, 4))
        assert (failure.person_value, failure.required_value) == (3, 4)
        assert failure.message == "You are at level 3; this program is for level 4 or above."

    def test_max_level_boundary(self, org, employee):
        assert failures(org, employee, rule(RuleKind.MAX_LEVEL, 3)) == []
        [failure] = failures(org, employee, rule(RuleKind.MAX_LEVEL, 2))
        assert failure.message == "You are at level 3; this program is for level 2 or below."

    def test_a_missing_level_fails(self, org, employee):
        employee.level = None
        [failure] = failures(org, employee, rule(RuleKind.MIN_LEVEL, 1))
        assert "level is missing" in failure.message


class TestTermination:
    def test_someone_who_left_fails(self, org, employee):
        employee.termination_date = D(2026, 1, 31)
        [failure] = failures(org, employee, rule(RuleKind.NOT_TERMINATED))
        assert (
            failure.message
            == "The HR roster shows you left on 31 January 2026; this program is for current employees."
        )

    def test_someone_leaving_later_fails_too(self, org, employee):
        employee.termination_date = D(2026, 4, 30)
        [failure] = failures(org, employee, rule(RuleKind.NOT_TERMINATED))
        assert "you are leaving on 30 April 2026" in failure.message

    def test_someone_still_employed_passes(self, org, employee):
        assert failures(org, employee, rule(RuleKind.NOT_TERMINATED)) == []


class TestActiveCohort:
    def test_a_participant_of_an_active_cohort_fails(self, org, employee):
        [failure] = failures(org, employee, rule(RuleKind.NOT_IN_ACTIVE_COHORT), active={employee.pk})
        assert failure.rule == "not_in_active_cohort"
        assert "already taking part in an active cohort" in failure.message

    def test_the_registered_source_decides_who_is_in_an_active_cohort(self, org, employee):
        other = EmployeeFactory(organization=org)
        calls = []

        def source(organization, employee_ids):
            calls.append((organization, list(employee_ids)))
            return {employee.pk, 999999}

        previous = register_active_participation_source(source)
        try:
            context = eligibility_context(org, [employee, other])
            assert employees_in_active_cohorts(org, [other.pk]) == set()
        finally:
            register_active_participation_source(previous)
        assert context.active_cohort_employee_ids == {employee.pk}
        assert calls[0] == (org, sorted([employee.pk, other.pk]))
        assert failures(
            org, employee, rule(RuleKind.NOT_IN_ACTIVE_COHORT), active=context.active_cohort_employee_ids
        )
        assert not failures(
            org, other, rule(RuleKind.NOT_IN_ACTIVE_COHORT), active=context.active_cohort_employee_ids
        )

    def test_nobody_is_in_an_active_cohort_when_no_cohort_runs(self, org, employee):
        assert eligibility_context(org, [employee]).active_cohort_employee_ids == frozenset()


def test_every_failing_rule_is_returned_not_just_the_first(org):
    employee = EmployeeFactory(
        organization=org, hire_date=D(2026, 1, 1), performance_rating=1, department="Legal", level=1
    )
    found = failures(
        org,
        employee,
        rule(RuleKind.MIN_TENURE_MONTHS, 12),
        rule(RuleKind.MIN_RATING, 3),
        rule(RuleKind.DEPARTMENTS_EXCLUDED, ["Legal"]),
        rule(RuleKind.MIN_LEVEL, 2),
        rule(RuleKind.NOT_TERMINATED),
    )
    assert [f.rule for f in found] == ["min_tenure_months", "min_rating", "departments_excluded", "min_level"]
    assert set(found[0].as_dict()) == {"rule", "label", "person_value", "required_value", "message"}


@pytest.mark.parametrize(
    ("scale", "expected"),
    [
        (["Unsatisfactory", "Needs improvement", "Meets expectations", "Exceeds", "Outstanding"], 3),
        (["Below", "Partially meets expectations", "MEETS EXPECTATIONS", "Above"], 3),
        (["Low", "Meets Expectations (3)", "High"], 2),
        (["1", "2", "3", "4"], 3),
        (["C", "B", "A"], 2),
        ([], None),
    ],
)
def test_meets_expectations_is_found_by_name_else_the_middle(scale, expected):
    assert meets_expectations_position(scale) == expected


def test_default_rules_use_the_organizations_scale(org):
    org.rating_scale = ["Poor", "Solid", "Meets expectations", "Strong"]
    rules = default_rules(org)
    assert (ApplicantRole.MENTEE, RuleKind.MIN_RATING, 3) in rules
    assert (ApplicantRole.MENTEE, RuleKind.MIN_TENURE_MONTHS, 12) in rules
    assert {k for r, k, v in rules if r == ApplicantRole.MENTOR} == {
        RuleKind.MIN_TENURE_MONTHS,
        RuleKind.NOT_IN_ACTIVE_COHORT,
        RuleKind.NOT_TERMINATED,
    }


def test_rules_read_in_plain_words(org):
    context = EligibilityContext(organization=org)
    assert describe_rule(rule(RuleKind.MIN_TENURE_MONTHS, 12), context) == "At least 12 months' tenure"
    assert (
        describe_rule(rule(RuleKind.MIN_RATING, 3), context)
        == "Performance rating “Meets expectations” or better"
    )
    assert describe_rule(rule(RuleKind.DEPARTMENTS_ALLOWED, ["A", "B", "C"]), context) == "Works in A, B or C"


class TestRuleValues:
    def test_names_are_split_trimmed_and_deduplicated(self, org):
        value = normalize_rule_value(
            kind=RuleKind.DEPARTMENTS_ALLOWED, value=" Sales, sales ,Legal,", organization=org
        )
        assert value == ["Sales", "Legal"]

    @pytest.mark.parametrize(
        ("kind", "value"),
        [
            (RuleKind.DEPARTMENTS_ALLOWED, " , "),
            (RuleKind.MIN_TENURE_MONTHS, "twelve"),
            (RuleKind.MIN_TENURE_MONTHS, -1),
            (RuleKind.MIN_RATING, 6),
            (RuleKind.MIN_RATING, 0),
            (RuleKind.MIN_LEVEL, -2),
            (RuleKind.MIN_LEVEL, 10**10),
            (RuleKind.MAX_LEVEL, 32768),
        ],
    )
    def test_bad_values_are_refused(self, org, kind, value):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            normalize_rule_value(kind=kind, value=value, organization=org)

    def test_rules_without_a_value_store_none(self, org):
        assert normalize_rule_value(kind=RuleKind.NOT_TERMINATED, value="x", organization=org) is None
