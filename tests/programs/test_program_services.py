"""Designing programs: defaults, validation, phases, rules, copy for next year."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programs.models import ApplicantRole, EligibilityRule, Program, ProgramStatus, RuleKind
from programs.services.programs import (
    PhaseInput,
    program_copy_for_next_year,
    program_create,
    program_phases_save,
    program_transition,
    program_update,
)
from programs.services.rules import eligibility_rule_create, eligibility_rule_delete, eligibility_rule_update
from tests.factories import EmployeeFactory
from tests.programs.factories import ProgramFactory, program_design

D = datetime.date


def rules_of(program):
    return {(r.applies_to, r.kind): r.value for r in program.eligibility_rules.all()}


class TestCreate:
    def test_a_new_program_is_a_draft_of_twelve_months(self, program, manager):
        assert program.status == ProgramStatus.DRAFT
        assert program.end_date == D(2027, 9, 1)
        assert program.created_by == manager

    def test_a_new_program_gets_kickoff_mid_year_review_and_close(self, program):
        assert [(p.name, p.date) for p in program.phases.all()] == [
            ("Kickoff", D(2026, 9, 1)),
            ("Mid-year review", D(2027, 3, 1)),
            ("Close", D(2027, 9, 1)),
        ]

    def test_a_new_program_gets_the_default_rules_as_data(self, program):
        assert rules_of(program) == {
            (ApplicantRole.MENTEE, RuleKind.MIN_TENURE_MONTHS): 12,
            (ApplicantRole.MENTEE, RuleKind.MIN_RATING): 3,
            (ApplicantRole.MENTEE, RuleKind.NOT_IN_ACTIVE_COHORT): None,
            (ApplicantRole.MENTEE, RuleKind.NOT_TERMINATED): None,
            (ApplicantRole.MENTOR, RuleKind.MIN_TENURE_MONTHS): 12,
            (ApplicantRole.MENTOR, RuleKind.NOT_IN_ACTIVE_COHORT): None,
            (ApplicantRole.MENTOR, RuleKind.NOT_TERMINATED): None,
        }

    def test_the_rating_default_follows_the_organizations_scale(self, org, manager):
        org.rating_scale = ["Low", "Meets expectations", "High", "Top"]
        org.save()
        program = program_create(organization=org, actor=manager, **program_design())
        assert rules_of(program)[(ApplicantRole.MENTEE, RuleKind.MIN_RATING)] == 2

    def test_a_given_end_date_is_kept(self, org, manager):
        program = program_create(organization=org, actor=manager, **program_design(end_date=D(2027, 6, 30)))
        assert program.end_date == D(2027, 6, 30)

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"name": "  "}, "name"),
            ({"purpose": "custom"}, "purpose_custom"),
            ({"structure": "group"}, "group_size"),
            ({"structure": "peer_circle", "group_size": 1}, "group_size"),
            ({"end_date": D(2026, 8, 1)}, "end_date"),
            ({"applications_close_at": None}, "applications_close_at"),
            ({"target_metric": ""}, "target_metric"),
            ({"mentor_limit": 0}, "mentor_limit"),
            ({"mentee_limit": 0}, "mentee_limit"),
            ({"meeting_cadence_days": 0}, "meeting_cadence_days"),
        ],
    )
    def test_a_bad_design_is_refused_on_the_right_field(self, org, manager, overrides, field):
        with pytest.raises(ValidationError) as error:
            program_create(organization=org, actor=manager, **program_design(**overrides))
        assert field in error.value.message_dict
        assert not Program.objects.exists()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"start_date": D(1, 1, 1)}, "start_date"),
            ({"start_date": D(9999, 12, 1)}, "start_date"),
            ({"end_date": D(9999, 12, 31)}, "end_date"),
            ({"end_date": D(2032, 9, 1)}, "end_date"),  # more than five years
            ({"target_by": D(9999, 12, 31)}, "target_by"),
            ({"target_by": D(1, 1, 1)}, "target_by"),
        ],
    )
    def test_a_date_out_of_range_is_refused_on_its_field(self, org, manager, overrides, field):
        with pytest.raises(ValidationError) as error:
            program_create(organization=org, actor=manager, **program_design(**overrides))
        assert "Choose " in error.value.message_dict[field][0]
        assert not Program.objects.exists()

    @pytest.mark.parametrize(
        "opens",
        [
            datetime.datetime(1, 1, 1, 0, 10, tzinfo=datetime.UTC),
            datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        ],
    )
    def test_an_application_window_opening_long_before_the_program_is_refused(self, org, manager, opens):
        with pytest.raises(ValidationError) as error:
            program_create(organization=org, actor=manager, **program_design(applications_open_at=opens))
        assert "2 years before the program starts" in error.value.message_dict["applications_open_at"][0]

    def test_an_application_window_closing_at_the_end_of_time_is_refused(self, org, manager):
        closes = datetime.datetime(9999, 12, 31, 23, 30, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
        with pytest.raises(ValidationError) as error:
            program_create(organization=org, actor=manager, **program_design(applications_close_at=closes))
        assert "applications_close_at" in error.value.message_dict

    def test_a_window_closing_before_it_opens_is_refused(self, org, manager):
        values = program_design()
        values["applications_close_at"] = values["applications_open_at"] - datetime.timedelta(hours=1)
        with pytest.raises(ValidationError, match="close after they open"):
            program_create(organization=org, actor=manager, **values)

    def test_a_custom_purpose_is_shown_by_its_words(self, org, manager):
        program = program_create(
            organization=org,
            actor=manager,
            **program_design(purpose="custom", purpose_custom="Bridge two merged firms"),
        )
        assert program.purpose_label == "Bridge two merged firms"

    def test_peer_circles_may_run_without_mentors(self, org, manager):
        program = program_create(
            organization=org,
            actor=manager,
            **program_design(structure="peer_circle", group_size=5, mentor_limit=0),
        )
        assert program.mentor_limit == 0


class TestUpdate:
    def test_default_phases_move_with_the_dates_and_hand_set_ones_stay(self, program, manager):
        kickoff, review, close = program.phases.all()
        program_phases_save(
            program=program,
            actor=manager,
            phases=[
                PhaseInput(id=kickoff.pk, name="Kickoff", date=kickoff.date),
                PhaseInput(id=review.pk, name="Mid-year review", date=D(2027, 2, 15)),
                PhaseInput(id=close.pk, name="Close", date=close.date),
            ],
        )
        values = program_design(start_date=D(2026, 10, 1))
        program_update(program=program, actor=manager, **values)
        assert program.end_date == D(2027, 10, 1)
        assert [(p.name, p.date) for p in program.phases.all()] == [
            ("Kickoff", D(2026, 10, 1)),
            ("Mid-year review", D(2027, 2, 15)),
            ("Close", D(2027, 10, 1)),
        ]

    def test_a_completed_program_can_not_change(self, program, manager):
        Program.objects.filter(pk=program.pk).update(status=ProgramStatus.COMPLETED)
        program.refresh_from_db()
        with pytest.raises(ValidationError, match="completed"):
            program_update(program=program, actor=manager, **program_design(name="New name"))


class TestPhases:
    def test_phases_are_added_renamed_and_removed(self, program, manager):
        kickoff, review, close = program.phases.all()
        program_phases_save(
            program=program,
            actor=manager,
            phases=[
                PhaseInput(id=kickoff.pk, name="Launch event", date=kickoff.date),
                PhaseInput(name="Learning day", date=D(2026, 12, 1)),
                PhaseInput(id=close.pk, name="Close", date=close.date),
            ],
        )
        assert [p.name for p in program.phases.all()] == ["Launch event", "Learning day", "Close"]
        assert program.phases.first().pk == kickoff.pk
        assert all(p.organization_id == program.organization_id for p in program.phases.all())

    def test_a_phase_outside_the_program_is_refused(self, program, manager):
        with pytest.raises(ValidationError, match="outside the program"):
            program_phases_save(
                program=program, actor=manager, phases=[PhaseInput(name="Early", date=D(2026, 1, 1))]
            )
        assert program.phases.count() == 3


class TestRules:
    def test_a_rule_is_added_edited_and_removed(self, org, program, manager):
        EmployeeFactory(organization=org, level=4)
        EmployeeFactory(organization=org, level=5)
        rule = eligibility_rule_create(
            program=program,
            applies_to=ApplicantRole.MENTOR,
            kind=RuleKind.MIN_LEVEL,
            value="4",
            actor=manager,
        )
        assert rule.value == 4 and rule.organization == program.organization
        eligibility_rule_update(rule=rule, value=5, actor=manager)
        rule.refresh_from_db()
        assert rule.value == 5
        eligibility_rule_delete(rule=rule, actor=manager)
        assert not EligibilityRule.objects.filter(pk=rule.pk).exists()

    def test_a_kind_appears_once_per_role(self, program, manager):
        with pytest.raises(ValidationError, match="already have"):
            eligibility_rule_create(
                program=program, applies_to="mentee", kind=RuleKind.MIN_TENURE_MONTHS, value=6, actor=manager
            )

    def test_rules_are_fixed_once_selection_starts(self, org, manager):
        program = ProgramFactory(organization=org, status=ProgramStatus.SELECTING)
        with pytest.raises(ValidationError, match="can only change"):
            eligibility_rule_create(
                program=program, applies_to="mentee", kind=RuleKind.MIN_LEVEL, value=1, actor=manager
            )


class TestCopyForNextYear:
    def test_the_copy_is_a_draft_with_the_same_design_and_every_date_a_year_later(
        self, org, program, manager, admin
    ):
        EmployeeFactory(organization=org, department="Legal")
        eligibility_rule_create(
            program=program,
            applies_to="mentee",
            kind=RuleKind.DEPARTMENTS_EXCLUDED,
            value="Legal",
            actor=manager,
        )
        program_transition(program=program, to_status=ProgramStatus.APPLICATIONS_OPEN, actor=manager)

        copy = program_copy_for_next_year(program=program, actor=admin)

        assert copy.pk != program.pk
        assert copy.status == ProgramStatus.DRAFT
        assert copy.copied_from == program
        assert copy.created_by == admin
        assert copy.name == "Rising Leaders 2027"
        assert (copy.start_date, copy.end_date, copy.target_by) == (
            D(2027, 9, 1),
            D(2028, 9, 1),
            D(2028, 9, 1),
        )
        for field in (
            "purpose",
            "target_metric",
            "structure",
            "meeting_cadence_days",
            "mentee_limit",
            "mentor_limit",
        ):
            assert getattr(copy, field) == getattr(program, field)
        assert copy.target_baseline == Decimal("18") and copy.target_value == Decimal("12")
        assert [(p.name, p.date) for p in copy.phases.all()] == [
            ("Kickoff", D(2027, 9, 1)),
            ("Mid-year review", D(2028, 3, 1)),
            ("Close", D(2028, 9, 1)),
        ]
        assert rules_of(copy) == rules_of(program)
        assert copy.applications.count() == 0

    def test_the_window_keeps_its_wall_clock_time(self, org, manager):
        tz = zoneinfo.ZoneInfo(org.timezone)
        opens = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=tz)  # winter time in Amsterdam
        program = ProgramFactory(
            organization=org,
            applications_open_at=opens,
            applications_close_at=opens + datetime.timedelta(days=30),
        )
        copy = program_copy_for_next_year(program=program, actor=manager)
        assert copy.applications_open_at.astimezone(tz).replace(tzinfo=None) == datetime.datetime(
            2027, 3, 2, 9, 0
        )
        assert copy.applications_close_at.astimezone(tz).replace(tzinfo=None) == datetime.datetime(
            2027, 4, 1, 9, 0
        )

    def test_a_name_without_the_year_gets_one(self, org, manager):
        program = ProgramFactory(organization=org, name="Mentoring circle", start_date=D(2026, 1, 1))
        assert program_copy_for_next_year(program=program, actor=manager).name == "Mentoring circle (2027)"

    def test_a_leap_day_moves_to_the_last_day_of_february(self, org, manager):
        program = ProgramFactory(organization=org, start_date=D(2028, 2, 29), end_date=D(2029, 2, 28))
        copy = program_copy_for_next_year(program=program, actor=manager)
        assert (copy.start_date, copy.end_date) == (D(2029, 2, 28), D(2030, 2, 28))
