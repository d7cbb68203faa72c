"""The eligibility rule editor: roster values to choose from, stale values flagged, and the live
count of who could apply (programs/selectors.py ``roster_reach``, programs/views/manage.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from organizations.clock import organization_today
from organizations.roster.selectors import current_roster_values
from programs.eligibility import eligibility_context, evaluate_eligibility
from programs.models import ApplicantRole, ApplicationStatus, EligibilityRule, ProgramStatus, RuleKind
from programs.selectors import eligibility_rules_by_role, roster_reach, rule_value_choices
from programs.services.applications import application_submit
from programs.services.programs import program_transition
from programs.services.rules import eligibility_rule_create, eligibility_rule_update
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory
from tests.programs.factories import EligibilityRuleFactory

D = datetime.date


def url(name, **kwargs):
    return reverse(f"programs:{name}", kwargs={"org_slug": "acme", **kwargs})


@pytest.fixture
def roster(org):
    """Eight people: six current (two mentors-to-be), one who left, one not yet started."""
    today = organization_today(org)
    people = {
        "ada": dict(department="Engineering", level=5, location="Amsterdam", hire_date=D(2012, 1, 1)),
        "ben": dict(department="Engineering", level=2, location="Amsterdam", hire_date=D(2021, 3, 1)),
        "cy": dict(department="Finance", level=3, location="Berlin", hire_date=D(2019, 6, 1)),
        "dee": dict(
            department="Finance", level=1, location="Berlin", hire_date=today - datetime.timedelta(60)
        ),
        "eve": dict(
            department="Sales", level=4, location="Lisbon", hire_date=D(2015, 2, 1), performance_rating=1
        ),
        "fay": dict(
            department="Sales", level=2, location="Lisbon", hire_date=D(2018, 9, 1), performance_rating=None
        ),
        "gus": dict(
            department="Legal", level=6, location="Paris", hire_date=D(2010, 1, 1),
            termination_date=today - datetime.timedelta(30), termination_type="voluntary",
        ),
        "hal": dict(
            department="Marketing", level=3, location="Rome", hire_date=today + datetime.timedelta(20)
        ),
    }  # fmt: skip
    return {
        name: EmployeeFactory(organization=org, name=name.title(), **values)
        for name, values in people.items()
    }


class TestRosterValues:
    def test_only_the_people_in_todays_headcount_give_values(self, org, roster):
        today = organization_today(org)
        assert current_roster_values("department", as_of=today) == ["Engineering", "Finance", "Sales"]
        assert current_roster_values("level", as_of=today) == [1, 2, 3, 4, 5]
        assert current_roster_values("location", as_of=today) == ["Amsterdam", "Berlin", "Lisbon"]

    def test_a_stored_value_the_roster_lost_is_kept_and_flagged(self, org, roster):
        choices = rule_value_choices(
            kind=RuleKind.DEPARTMENTS_ALLOWED, as_of=organization_today(org), stored=["Finance", "Enginering"]
        )
        assert [(c.value, c.on_roster) for c in choices] == [
            ("Engineering", True),
            ("Finance", True),
            ("Sales", True),
            ("Enginering", False),
        ]


class TestReach:
    def test_the_counts_agree_with_the_eligibility_service(self, org, roster, program):
        """Default rules: mentees need 12 months and "Meets expectations"; mentors 12 months."""
        today = organization_today(org)
        rules = eligibility_rules_by_role(program=program)

        reach = {r.role: r for r in roster_reach(organization=org, rules_by_role=rules, as_of=today)}

        # Counted again one person at a time, as application_submit evaluates an applicant.
        current = [roster[name] for name in ("ada", "ben", "cy", "dee", "eve", "fay")]
        for role in program.roles:
            one_by_one = sum(
                1
                for employee in current
                if not evaluate_eligibility(
                    rules=program.eligibility_rules.filter(applies_to=role),
                    employee=employee,
                    as_of=today,
                    context=eligibility_context(org, [employee]),
                )
            )
            assert reach[role].eligible == one_by_one
            assert reach[role].headcount == 6
        # ada, ben, cy (eve's rating is too low, fay has none, dee is new); mentors: all but dee.
        assert reach[ApplicantRole.MENTEE].eligible == 3
        assert reach[ApplicantRole.MENTOR].eligible == 5

    def test_the_counted_people_are_the_ones_whose_applications_are_eligible(
        self, org, roster, program, manager
    ):
        program_transition(program=program, to_status=ProgramStatus.APPLICATIONS_OPEN, actor=manager)
        statuses = []
        for name in ("ada", "ben", "cy", "dee", "eve", "fay"):
            user = UserFactory(email=f"{name}@acme.test")
            MembershipFactory(organization=org, user=user)
            EmployeeFactory._meta.model.objects.filter(pk=roster[name].pk).update(email=user.email)
            application = application_submit(
                program=program, user=user, role="mentee", motivation="Grow.", learning_goals="Lead."
            )
            statuses.append(application.status)
        rules = eligibility_rules_by_role(program=program)
        reach = roster_reach(organization=org, rules_by_role=rules, as_of=organization_today(org))
        assert statuses.count(ApplicationStatus.SUBMITTED) == reach[0].eligible == 3


class TestEditorPages:
    def test_the_editor_counts_the_rules_as_edited(self, org, roster, program, manager, client_for):
        response = client_for(manager).get(
            url("rule_reach", pk=program.pk), {"applies_to": "mentee", "kind": "min_level", "value": "3"}
        )
        assert response.status_code == 200
        reach = {r.role: r.eligible for r in response.context["reach"]}
        assert response.context["as_edited"]
        assert reach == {"mentee": 2, "mentor": 5}  # ada (5) and cy (3); eve (4) has a low rating
        assert "Under the rules as you are editing them" in response.content.decode()

    def test_an_edit_replaces_the_rule_it_edits(self, org, roster, program, manager, client_for):
        response = client_for(manager).get(
            url("rule_reach", pk=program.pk),
            {"applies_to": "mentor", "kind": "min_tenure_months", "value": "0"},
        )
        assert {r.role: r.eligible for r in response.context["reach"]} == {"mentee": 3, "mentor": 6}

    def test_zero_is_a_clear_warning(self, org, roster, program, manager, client_for):
        response = client_for(manager).get(
            url("rule_reach", pk=program.pk),
            {"applies_to": "mentee", "kind": "departments_allowed", "value": ["Sales"]},
        )
        body = response.content.decode()
        assert {r.role: r.eligible for r in response.context["reach"]}["mentee"] == 0
        assert "Nobody could apply as a mentee." in body and 'role="alert"' in body

    def test_an_unfinished_value_shows_the_rules_as_saved(self, org, roster, program, manager, client_for):
        response = client_for(manager).get(
            url("rule_reach", pk=program.pk), {"applies_to": "mentee", "kind": "departments_allowed"}
        )
        assert not response.context["as_edited"]
        assert "Under the rules as saved" in response.content.decode()

    def test_the_rule_page_shows_the_counts_and_asks_htmx_for_more(
        self, org, roster, program, manager, client_for
    ):
        body = (
            client_for(manager)
            .get(url("rule_create", pk=program.pk), {"applies_to": "mentee", "kind": "locations_excluded"})
            .content.decode()
        )
        assert f'hx-get="{url("rule_reach", pk=program.pk)}"' in body
        assert 'id="rule-reach"' in body and "could apply as mentees" in body
        for location in ("Amsterdam", "Berlin", "Lisbon"):
            assert f'value="{location}"' in body
        assert "Paris" not in body and "Rome" not in body

    def test_a_value_not_on_the_roster_is_refused_with_a_form_error(
        self, org, roster, program, manager, client_for
    ):
        response = client_for(manager).post(
            url("rule_create", pk=program.pk) + "?applies_to=mentee&kind=departments_allowed",
            {"value": ["Enginering"]},
        )
        assert response.status_code == 200
        assert "“Enginering” is not a department on today&#x27;s roster" in response.content.decode()
        assert not EligibilityRule.objects.filter(kind="departments_allowed").exists()

    def test_a_level_not_on_the_roster_is_refused(self, org, roster, program, manager, client_for):
        rule = EligibilityRuleFactory(program=program, applies_to="mentor", kind=RuleKind.MIN_LEVEL, value=3)
        response = client_for(manager).post(url("rule_edit", pk=rule.pk), {"value": "9"})
        assert response.context["form"].errors["value"]
        rule.refresh_from_db()
        assert rule.value == 3

    def test_a_stored_rule_naming_a_lost_value_is_flagged_not_dropped(
        self, org, roster, program, manager, client_for
    ):
        rule = EligibilityRuleFactory(
            program=program, kind=RuleKind.DEPARTMENTS_EXCLUDED, value=["Legal", "Finance"]
        )
        client = client_for(manager)
        detail = client.get(url("detail", pk=program.pk)).content.decode()
        assert "Does not work in Legal or Finance" in detail
        assert "Not on today's roster" in detail and "Nobody in the roster has Legal" in detail

        editor = client.get(url("rule_edit", pk=rule.pk)).content.decode()
        assert 'value="Legal"' in editor and "not on today's roster</span>" in editor
        assert "Not on today's roster:" in editor

        # Kept as it was, the rule still saves; unticked, the value goes.
        assert (
            client.post(url("rule_edit", pk=rule.pk), {"value": ["Legal", "Finance", "Sales"]}).status_code
            == 302
        )
        rule.refresh_from_db()
        assert rule.value == ["Legal", "Finance", "Sales"]
        client.post(url("rule_edit", pk=rule.pk), {"value": ["Finance"]})
        rule.refresh_from_db()
        assert rule.value == ["Finance"]

    def test_the_detail_page_says_how_many_could_apply(self, org, roster, program, manager, client_for):
        body = client_for(manager).get(url("detail", pk=program.pk)).content.decode()
        assert "<strong>3</strong> of 6 people on today's roster could apply as mentees." in body
        assert "<strong>5</strong> of 6 people on today's roster could apply as mentors." in body


class TestService:
    def test_the_service_refuses_a_name_the_roster_does_not_have(self, org, roster, program, manager):
        with pytest.raises(ValidationError, match="“Enginering” is not on today's roster of Acme"):
            eligibility_rule_create(
                program=program, applies_to="mentee", kind=RuleKind.DEPARTMENTS_ALLOWED, value="Enginering",
                actor=manager,
            )  # fmt: skip
        assert not EligibilityRule.objects.filter(kind=RuleKind.DEPARTMENTS_ALLOWED).exists()

    def test_names_are_stored_as_the_roster_spells_them(self, org, roster, program, manager):
        rule = eligibility_rule_create(
            program=program, applies_to="mentee", kind=RuleKind.LOCATIONS_ALLOWED, value="berlin, LISBON",
            actor=manager,
        )  # fmt: skip
        assert rule.value == ["Berlin", "Lisbon"]

    def test_a_stored_value_may_stay_but_a_new_lost_one_may_not(self, org, roster, program, manager):
        rule = EligibilityRuleFactory(program=program, kind=RuleKind.DEPARTMENTS_EXCLUDED, value=["Legal"])
        eligibility_rule_update(rule=rule, value=["Legal", "Sales"], actor=manager)
        with pytest.raises(ValidationError, match="“Marketing” is not on today's roster"):
            eligibility_rule_update(rule=rule, value=["Legal", "Marketing"], actor=manager)
        rule.refresh_from_db()
        assert rule.value == ["Legal", "Sales"]


def test_headcount_leaves_out_people_who_left_today(org):
    today = timezone.localdate()
    EmployeeFactory(organization=org, department="Ops", termination_date=today, termination_type="voluntary")
    assert "Ops" not in current_roster_values("department", as_of=today)
