"""Applying, withdrawing, deciding (singly and in bulk), overriding, and the decision email."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from programs.models import Application, ApplicationStatus, ProgramStatus
from programs.services.applications import (
    application_decide,
    application_decide_bulk,
    application_override,
    application_submit,
    application_withdraw,
)
from programs.services.programs import program_transition
from tests.factories import EmployeeFactory
from tests.programs.factories import ApplicationFactory, ProgramFactory

D = datetime.date


@pytest.fixture
def open_program(program, manager):
    return program_transition(program=program, to_status=ProgramStatus.APPLICATIONS_OPEN, actor=manager)


def apply(program, user, role="mentee", **answers):
    answers.setdefault("motivation", "I want to lead a team next year.")
    answers.setdefault("learning_goals" if role == "mentee" else "offer", "Giving feedback; planning.")
    return application_submit(program=program, user=user, role=role, **answers)


class TestSubmit:
    def test_an_eligible_applicant_is_submitted(self, open_program, mentee, mentee_employee):
        application = apply(open_program, mentee)
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.eligible is True
        assert application.eligibility_failures == []
        assert application.employee == mentee_employee
        assert application.user == mentee
        assert application.organization == open_program.organization
        assert application.evaluated_on == timezone.localdate()

    def test_an_ineligible_applicant_is_stored_with_every_reason(self, open_program, org, mentee):
        EmployeeFactory(
            organization=org,
            user=mentee,
            hire_date=timezone.localdate() - datetime.timedelta(days=40),
            performance_rating=2,
        )
        application = apply(open_program, mentee)
        assert application.status == ApplicationStatus.INELIGIBLE
        assert application.eligible is False
        assert [f["rule"] for f in application.eligibility_failures] == ["min_tenure_months", "min_rating"]
        assert application.eligibility_failures[0]["person_value"] == 1
        assert application.eligibility_failures[0]["message"].startswith("You have 1 month's tenure")

    def test_missing_roster_data_is_a_clear_reason(self, open_program, org, mentee):
        EmployeeFactory(organization=org, user=mentee, performance_rating=None)
        application = apply(open_program, mentee)
        [failure] = application.eligibility_failures
        assert "performance rating is missing from the HR roster" in failure["message"]

    def test_mentors_are_checked_against_the_mentor_rules(self, open_program, mentor, mentor_employee):
        application = apply(open_program, mentor, role="mentor")
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.offer and not application.learning_goals

    def test_tenure_is_counted_on_the_organizations_date_of_applying(self, org, mentee):
        # 23:30 UTC on 14 March is already 15 March in Amsterdam: twelve months to the day.
        now = datetime.datetime(2026, 3, 14, 23, 30, tzinfo=datetime.UTC)
        program = ProgramFactory(
            organization=org,
            status=ProgramStatus.APPLICATIONS_OPEN,
            applications_open_at=now - datetime.timedelta(days=1),
            applications_close_at=now + datetime.timedelta(days=1),
        )
        from programs.models import EligibilityRule

        EligibilityRule.objects.create(
            organization=org, program=program, applies_to="mentee", kind="min_tenure_months", value=12
        )
        EmployeeFactory(organization=org, user=mentee, hire_date=D(2025, 3, 15))
        answers = {"role": "mentee", "motivation": "x", "learning_goals": "y"}

        application = application_submit(program=program, user=mentee, now=now, **answers)
        assert (application.status, application.evaluated_on) == (ApplicationStatus.SUBMITTED, D(2026, 3, 15))

        org.timezone = "America/New_York"  # still 14 March there: eleven months
        org.save()
        application_withdraw(application=application, actor=mentee)
        application = application_submit(program=program, user=mentee, now=now, **answers)
        assert (application.status, application.evaluated_on) == (
            ApplicationStatus.INELIGIBLE,
            D(2026, 3, 14),
        )
        assert application.eligibility_failures[0]["person_value"] == 11

    def test_someone_without_a_roster_record_is_told_and_nothing_is_stored(self, open_program, mentee):
        with pytest.raises(ValidationError) as error:
            apply(open_program, mentee)
        assert error.value.code == "no_roster_record"
        assert "can't find you in the HR roster of Acme" in error.value.messages[0]
        assert not Application.objects.exists()

    def test_a_roster_row_with_the_members_email_is_linked_on_applying(self, open_program, org, mentee):
        employee = EmployeeFactory(organization=org, email=mentee.email.upper())
        application = apply(open_program, mentee)
        employee.refresh_from_db()
        assert application.employee == employee and employee.user == mentee

    def test_a_second_application_to_the_same_program_is_refused(self, open_program, mentee, mentee_employee):
        apply(open_program, mentee)
        with pytest.raises(ValidationError) as error:
            apply(open_program, mentee, role="mentor")
        assert error.value.code == "duplicate"
        assert "already applied" in error.value.messages[0]
        assert Application.objects.count() == 1

    def test_a_withdrawn_application_is_reopened_by_applying_again(
        self, open_program, mentee, mentee_employee
    ):
        first = apply(open_program, mentee)
        application_withdraw(application=first, actor=mentee)
        again = apply(open_program, mentee, motivation="Changed my mind: I am ready now.")
        assert again.pk == first.pk
        assert again.status == ApplicationStatus.SUBMITTED
        assert again.withdrawn_at is None
        assert again.motivation == "Changed my mind: I am ready now."

    @pytest.mark.parametrize(
        ("opens", "closes", "message"),
        [
            (datetime.timedelta(hours=1), datetime.timedelta(days=5), "open on"),
            (-datetime.timedelta(days=5), -datetime.timedelta(seconds=1), "closed on"),
        ],
    )
    def test_applying_outside_the_window_is_refused(
        self, org, mentee, mentee_employee, opens, closes, message
    ):
        now = timezone.now()
        program = ProgramFactory(
            organization=org,
            status=ProgramStatus.APPLICATIONS_OPEN,
            applications_open_at=now + opens,
            applications_close_at=now + closes,
        )
        with pytest.raises(ValidationError, match=message):
            apply(program, mentee)
        assert not Application.objects.exists()

    def test_the_window_includes_its_opening_moment_and_excludes_its_closing_one(
        self, org, mentee, mentee_employee
    ):
        now = timezone.now()
        program = ProgramFactory(
            organization=org,
            status=ProgramStatus.APPLICATIONS_OPEN,
            applications_open_at=now,
            applications_close_at=now + datetime.timedelta(days=1),
        )
        with pytest.raises(ValidationError, match="closed on"):
            application_submit(
                program=program,
                user=mentee,
                role="mentee",
                motivation="x",
                learning_goals="y",
                now=now + datetime.timedelta(days=1),
            )
        application = application_submit(
            program=program, user=mentee, role="mentee", motivation="x", learning_goals="y", now=now
        )
        assert application.pk

    @pytest.mark.parametrize("status", [ProgramStatus.DRAFT, ProgramStatus.SELECTING, ProgramStatus.ACTIVE])
    def test_a_program_not_taking_applications_refuses_them(self, org, mentee, mentee_employee, status):
        program = ProgramFactory(organization=org, open_now=True)
        program.status = status
        program.save()
        with pytest.raises(ValidationError, match="not taking applications"):
            apply(program, mentee)

    @pytest.mark.parametrize(
        ("role", "answers", "field"),
        [
            ("mentee", {"motivation": "  "}, "motivation"),
            ("mentee", {"learning_goals": ""}, "learning_goals"),
            ("mentor", {"offer": ""}, "offer"),
            ("coach", {}, "role"),
        ],
    )
    def test_the_answers_are_required(self, open_program, mentee, mentee_employee, role, answers, field):
        with pytest.raises(ValidationError) as error:
            apply(open_program, mentee, role=role, **answers)
        assert field in error.value.message_dict


class TestWithdraw:
    @pytest.mark.parametrize(
        "status", [ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED]
    )
    def test_the_applicant_withdraws(self, org, mentee, status):
        application = ApplicationFactory(program__organization=org, user=mentee, status=status)
        application_withdraw(application=application, actor=mentee)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.WITHDRAWN
        assert application.withdrawn_at is not None

    @pytest.mark.parametrize(
        "status", [ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN, ApplicationStatus.INELIGIBLE]
    )
    def test_decided_or_closed_applications_can_not_be_withdrawn(self, org, mentee, status):
        application = ApplicationFactory(program__organization=org, user=mentee, status=status)
        with pytest.raises(ValidationError, match="can't be withdrawn"):
            application_withdraw(application=application, actor=mentee)

    def test_nobody_else_can_withdraw_it(self, org, mentee, mentor, manager):
        application = ApplicationFactory(program__organization=org, user=mentee)
        for someone in (mentor, manager):
            with pytest.raises(ValidationError, match="Only the applicant"):
                application_withdraw(application=application, actor=someone)


class TestDecide:
    def test_accepting_records_who_and_when_and_emails_the_applicant(
        self, org, manager, mentee, django_capture_on_commit_callbacks
    ):
        application = ApplicationFactory(
            program__organization=org, program__name="Rising Leaders 2026", user=mentee
        )
        with django_capture_on_commit_callbacks(execute=True):
            application_decide(application=application, decision=ApplicationStatus.ACCEPTED, actor=manager)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.ACCEPTED
        assert application.decided_by == manager and application.decided_at is not None
        [email] = mail.outbox
        assert email.to == [mentee.email]
        # The class is not chosen yet: accepted into the pool, not promised a place.
        assert email.subject == "Rising Leaders 2026: you're accepted"
        assert "has been accepted" in email.body and "choosing a class" in email.body
        assert f"/o/acme/programs/{application.program_id}/" in email.body
        assert application.notified_status == ApplicationStatus.ACCEPTED
        assert application.notified_at is not None

    def test_accepting_into_a_running_program_promises_no_place_yet(
        self, org, manager, mentee, django_capture_on_commit_callbacks
    ):
        application = ApplicationFactory(
            program__organization=org,
            program__name="Rising Leaders 2026",
            program__status=ProgramStatus.ACTIVE,
            user=mentee,
            status=ApplicationStatus.WAITLISTED,
        )
        with django_capture_on_commit_callbacks(execute=True):
            application_decide(application=application, decision=ApplicationStatus.ACCEPTED, actor=manager)
        [email] = mail.outbox
        assert email.subject == "Rising Leaders 2026: you're accepted"
        assert "already started" in email.body and "as soon as one is" in email.body

    @pytest.mark.parametrize(
        ("decision", "words"),
        [
            (ApplicationStatus.WAITLISTED, "waiting list"),
            (ApplicationStatus.DECLINED, "can't offer you a place"),
        ],
    )
    def test_waitlisting_and_declining_email_in_their_own_words(
        self, org, manager, decision, words, django_capture_on_commit_callbacks
    ):
        application = ApplicationFactory(program__organization=org)
        with django_capture_on_commit_callbacks(execute=True):
            application_decide(application=application, decision=decision, actor=manager)
        [email] = mail.outbox
        assert words in email.body
        assert email.to == [application.employee.email]

    def test_an_ineligible_application_can_only_be_declined_until_overridden(self, org, manager):
        application = ApplicationFactory(program__organization=org, ineligible=True)
        for decision in (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED):
            with pytest.raises(ValidationError, match="override with a written reason"):
                application_decide(application=application, decision=decision, actor=manager)
        application_decide(application=application, decision=ApplicationStatus.DECLINED, actor=manager)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.DECLINED

    def test_a_withdrawn_application_can_not_be_decided(self, org, manager):
        application = ApplicationFactory(program__organization=org, status=ApplicationStatus.WITHDRAWN)
        with pytest.raises(ValidationError, match="withdrew"):
            application_decide(application=application, decision=ApplicationStatus.ACCEPTED, actor=manager)

    def test_the_same_decision_twice_is_refused(self, org, manager):
        application = ApplicationFactory(program__organization=org, status=ApplicationStatus.ACCEPTED)
        with pytest.raises(ValidationError, match="already accepted"):
            application_decide(application=application, decision=ApplicationStatus.ACCEPTED, actor=manager)

    def test_a_manager_may_change_their_mind(self, org, manager):
        application = ApplicationFactory(program__organization=org, status=ApplicationStatus.WAITLISTED)
        application_decide(application=application, decision=ApplicationStatus.ACCEPTED, actor=manager)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.ACCEPTED

    @pytest.mark.parametrize("decision", ["submitted", "ineligible", "withdrawn", "maybe"])
    def test_only_accept_waitlist_and_decline_are_decisions(self, org, manager, decision):
        application = ApplicationFactory(program__organization=org)
        with pytest.raises(ValidationError, match="accept, waitlist or decline"):
            application_decide(application=application, decision=decision, actor=manager)

    def test_a_completed_program_takes_no_decisions(self, org, manager):
        application = ApplicationFactory(
            program=ProgramFactory(organization=org, status=ProgramStatus.COMPLETED)
        )
        with pytest.raises(ValidationError, match="Completed"):
            application_decide(application=application, decision=ApplicationStatus.ACCEPTED, actor=manager)


class TestBulkDecide:
    def test_what_can_change_changes_and_each_refusal_says_why(
        self, org, manager, django_capture_on_commit_callbacks
    ):
        program = ProgramFactory(organization=org, open_now=True)
        fine = [ApplicationFactory(program=program) for _ in range(3)]
        withdrawn = ApplicationFactory(
            program=program, status=ApplicationStatus.WITHDRAWN, employee__name="Wendy W"
        )
        ineligible = ApplicationFactory(program=program, ineligible=True, employee__name="Ian I")
        elsewhere = ApplicationFactory(program=ProgramFactory(organization=org, open_now=True))
        ids = [a.pk for a in fine] + [withdrawn.pk, ineligible.pk, elsewhere.pk]

        with django_capture_on_commit_callbacks(execute=True):
            result = application_decide_bulk(
                program=program, application_ids=ids, decision=ApplicationStatus.ACCEPTED, actor=manager
            )

        assert {a.pk for a in result.changed} == {a.pk for a in fine}
        assert result.refused == [
            ("Wendy W", "Wendy W withdrew their application."),
            (
                "Ian I",
                "Ian I does not meet the eligibility rules; override with a written reason before accepting.",
            ),
            (f"Application {elsewhere.pk}", "is not an application to this program."),
        ]
        statuses = dict(Application.objects.values_list("pk", "status"))
        assert all(statuses[a.pk] == ApplicationStatus.ACCEPTED for a in fine)
        assert statuses[withdrawn.pk] == ApplicationStatus.WITHDRAWN
        assert statuses[ineligible.pk] == ApplicationStatus.INELIGIBLE
        assert statuses[elsewhere.pk] == ApplicationStatus.SUBMITTED
        assert len(mail.outbox) == 3

    def test_an_unexpected_error_leaves_every_row_as_it_was(self, org, manager, monkeypatch):
        import programs.services.applications as services

        program = ProgramFactory(organization=org, open_now=True)
        first, second = ApplicationFactory(program=program), ApplicationFactory(program=program)
        real = services._decide
        calls = []

        def flaky(application, *args):
            calls.append(application.pk)
            if len(calls) == 2:
                raise RuntimeError("database went away")
            return real(application, *args)

        monkeypatch.setattr(services, "_decide", flaky)
        with pytest.raises(RuntimeError):
            application_decide_bulk(
                program=program,
                application_ids=[first.pk, second.pk],
                decision=ApplicationStatus.DECLINED,
                actor=manager,
            )
        assert set(Application.objects.values_list("status", flat=True)) == {ApplicationStatus.SUBMITTED}

    def test_nothing_ticked_is_refused(self, org, manager):
        with pytest.raises(ValidationError, match="Tick at least one"):
            application_decide_bulk(
                program=ProgramFactory(organization=org),
                application_ids=[],
                decision="accepted",
                actor=manager,
            )


class TestOverride:
    def test_an_override_needs_a_written_reason(self, org, manager):
        application = ApplicationFactory(program__organization=org, ineligible=True)
        for reason in ("", "   ", "because"):
            with pytest.raises(ValidationError) as error:
                application_override(application=application, reason=reason, actor=manager)
            assert "reason" in error.value.message_dict
        application.refresh_from_db()
        assert application.status == ApplicationStatus.INELIGIBLE and application.overridden_at is None

    def test_an_override_records_who_when_and_why_and_then_allows_accepting(self, org, manager):
        application = ApplicationFactory(program__organization=org, ineligible=True)
        application_override(
            application=application,
            reason="Rehired after 8 years away; tenure rule is unfair here.",
            actor=manager,
        )
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.overridden_by == manager and application.overridden_at is not None
        assert application.override_reason.startswith("Rehired")
        assert application.eligible is False and application.eligibility_failures  # the record stays
        application_decide(application=application, decision=ApplicationStatus.ACCEPTED, actor=manager)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.ACCEPTED

    def test_only_ineligible_applications_are_overridden(self, org, manager):
        application = ApplicationFactory(program__organization=org)
        with pytest.raises(ValidationError, match="Only applications marked"):
            application_override(application=application, reason="A perfectly good reason.", actor=manager)
