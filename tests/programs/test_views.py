"""Program pages, as each role uses them. Access per role and cross-organization 404s for every
route are in tests/organizations/test_isolation.py (rows in tests/access_table.py)."""

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.models import Application, ApplicationStatus, EligibilityRule, Program, ProgramStatus
from tests.factories import EmployeeFactory
from tests.programs.factories import ApplicationFactory, ProgramFactory, program_design

D = datetime.date


def url(name, **kwargs):
    return reverse(f"programs:{name}", kwargs={"org_slug": "acme", **kwargs})


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def open_program(org, manager):
    from programs.services.programs import program_create, program_transition

    program = program_create(organization=org, actor=manager, **program_design())
    return program_transition(program=program, to_status=ProgramStatus.APPLICATIONS_OPEN, actor=manager)


class TestDesign:
    def test_a_manager_creates_a_program_in_the_browser(self, org, manager, client_for):
        client = client_for(manager)
        assert "Start from a blank design" in client.get(url("create")).content.decode()
        page = client.get(url("create"), {"template": "blank"})
        assert page.status_code == 200
        assert page.context["form"]["start_date"].value() is not None  # sensible first values

        response = client.post(
            url("create"),
            {
                "name": "Rising Leaders 2026",
                "purpose": "leadership_pipeline",
                "target_metric": "Internal promotions of participants",
                "target_baseline": "4",
                "target_value": "10",
                "structure": "group",
                "group_size": "3",
                "start_date": "2026-09-01",
                "meeting_cadence_days": "14",
                "applications_open_at": "2026-06-01T09:00",
                "applications_close_at": "2026-06-30T17:00",
                "mentee_limit": "12",
                "mentor_limit": "4",
            },
        )

        program = Program.objects.get()
        assert response.status_code == 302
        assert response.url == url("detail", pk=program.pk)
        assert program.end_date == D(2027, 9, 1)
        assert program.group_size == 3
        amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
        assert program.applications_open_at == datetime.datetime(2026, 6, 1, 9, 0, tzinfo=amsterdam)
        assert program.phases.count() == 3 and program.eligibility_rules.count() == 7

    def test_form_errors_are_shown_next_to_the_fields(self, org, manager, client_for):
        response = client_for(manager).post(
            url("create"),
            {"name": "X", "purpose": "custom", "structure": "one_to_one", "start_date": "2026-09-01"},
        )
        assert response.status_code == 200
        assert "Describe the custom purpose in a few words." in response.content.decode()
        assert not Program.objects.exists()

    @pytest.mark.parametrize("start", ["9999-12-01", "0001-01-01"])
    def test_a_start_date_at_either_end_of_time_is_a_form_error(self, org, manager, client_for, start):
        response = client_for(manager).post(
            url("create"),
            {
                "name": "Rising Leaders",
                "purpose": "retention",
                "structure": "one_to_one",
                "start_date": start,
                "meeting_cadence_days": "14",
                "mentee_limit": "12",
                "mentor_limit": "4",
            },
        )
        assert response.status_code == 200
        assert "Choose a date between 1 January 2000 and 31 December 2100" in response.content.decode()
        assert not Program.objects.exists()

    def test_the_edit_form_shows_the_window_on_the_organizations_clock(self, org, manager, client_for):
        amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
        program = ProgramFactory(
            organization=org,
            applications_open_at=datetime.datetime(2026, 6, 1, 9, 0, tzinfo=amsterdam),
            applications_close_at=datetime.datetime(2026, 6, 30, 17, 0, tzinfo=amsterdam),
        )
        body = client_for(manager).get(url("edit", pk=program.pk)).content.decode()
        assert 'value="2026-06-01T09:00"' in body

    def test_the_detail_page_shows_design_phases_rules_and_only_allowed_steps(
        self, program, manager, client_for
    ):
        body = client_for(manager).get(url("detail", pk=program.pk)).content.decode()
        for text in ("Kickoff", "Mid-year review", "At least 12 months&#x27; tenure", "Open applications"):
            assert text in body
        assert "Start the program" not in body
        assert "Mark as completed" not in body

    def test_an_allowed_step_is_taken_and_a_forbidden_one_refused(self, program, manager, client_for):
        client = client_for(manager)
        response = client.post(url("transition", pk=program.pk), {"to_status": "active"}, follow=True)
        assert "A program that is “Draft” can&#x27;t become “Active”" in response.content.decode()
        program.refresh_from_db()
        assert program.status == ProgramStatus.DRAFT

        response = client.post(
            url("transition", pk=program.pk), {"to_status": "applications_open"}, follow=True
        )
        program.refresh_from_db()
        assert program.status == ProgramStatus.APPLICATIONS_OPEN
        assert "is now “Applications open”" in response.content.decode()

    def test_back_to_draft_is_shown_disabled_with_its_reason_once_someone_applied(
        self, open_program, manager, client_for
    ):
        client = client_for(manager)
        body = client.get(url("detail", pk=open_program.pk)).content.decode()
        assert re.search(r"<button type=\"submit\"[^>]*>Back to draft</button>", body)
        assert not re.search(r"<button[^>]*disabled[^>]*>Back to draft</button>", body)
        ApplicationFactory(program=open_program)
        body = client.get(url("detail", pk=open_program.pk)).content.decode()
        button = re.search(r"<button[^>]*>Back to draft</button>", body).group(0)
        assert "disabled" in button and 'aria-describedby="transition-draft-reason"' in button
        assert (
            'id="transition-draft-reason">Not possible now: People have already applied, so the '
            "program can&#x27;t go back to draft." in body
        )
        # The service refuses too, should the button be posted anyway.
        response = client.post(url("transition", pk=open_program.pk), {"to_status": "draft"}, follow=True)
        assert "People have already applied" in " ".join(messages_of(response))
        open_program.refresh_from_db()
        assert open_program.status == ProgramStatus.APPLICATIONS_OPEN

    def test_post_only_actions_answer_405_to_a_get(self, program, manager, client_for):
        assert client_for(manager).get(url("transition", pk=program.pk)).status_code == 405

    def test_copy_for_next_year_opens_the_new_draft(self, program, manager, client_for):
        response = client_for(manager).post(url("copy", pk=program.pk))
        copy = Program.objects.get(copied_from=program)
        assert response.url == url("detail", pk=copy.pk)
        assert copy.name == "Rising Leaders 2027" and copy.status == ProgramStatus.DRAFT

    def test_phases_are_edited_in_the_browser(self, program, manager, client_for):
        kickoff, review, close = program.phases.all()
        data = {
            "form-TOTAL_FORMS": "5",
            "form-INITIAL_FORMS": "3",
            "form-0-id": kickoff.pk, "form-0-name": "Launch", "form-0-date": "2026-09-01",
            "form-1-id": review.pk, "form-1-name": "Mid-year review", "form-1-date": "2027-03-01",
            "form-1-DELETE": "on",
            "form-2-id": close.pk, "form-2-name": "Close", "form-2-date": "2027-09-01",
            "form-3-name": "Learning day", "form-3-date": "2026-11-15",
        }  # fmt: skip
        response = client_for(manager).post(url("phases", pk=program.pk), data)
        assert response.status_code == 302
        assert [p.name for p in program.phases.all()] == ["Launch", "Learning day", "Close"]

    def test_a_phase_outside_the_program_is_explained(self, program, manager, client_for):
        data = {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-name": "Too early",
            "form-0-date": "2025-01-01",
        }
        body = client_for(manager).post(url("phases", pk=program.pk), data).content.decode()
        assert "outside the program" in body
        assert program.phases.count() == 3


class TestRulePages:
    def test_adding_a_rule_starts_by_choosing_its_kind(self, program, manager, client_for):
        body = (
            client_for(manager).get(url("rule_create", pk=program.pk) + "?applies_to=mentor").content.decode()
        )
        assert "Add a rule for mentors" in body
        assert "Only these departments" in body
        assert "Minimum tenure (months) (already set)" in body

    def test_a_rule_is_added_edited_and_removed_in_the_browser(self, org, program, manager, client_for):
        for department in ("Legal", "Compliance", "Finance"):
            EmployeeFactory(organization=org, department=department)
        client = client_for(manager)
        response = client.post(
            url("rule_create", pk=program.pk) + "?applies_to=mentee&kind=departments_excluded",
            {"value": ["Legal", "Compliance"]},
        )
        assert response.status_code == 302
        rule = EligibilityRule.objects.get(kind="departments_excluded")
        assert rule.value == ["Legal", "Compliance"] and rule.applies_to == "mentee"

        body = client.get(url("rule_edit", pk=rule.pk)).content.decode()
        assert 'type="checkbox" name="value" value="Legal"' in body and "Finance" in body
        client.post(url("rule_edit", pk=rule.pk), {"value": ["Legal"]})
        rule.refresh_from_db()
        assert rule.value == ["Legal"]

        client.post(url("rule_delete", pk=rule.pk))
        assert not EligibilityRule.objects.filter(pk=rule.pk).exists()

    def test_the_rating_rule_offers_the_organizations_scale(self, program, manager, client_for):
        rule = program.eligibility_rules.get(kind="min_rating")
        body = client_for(manager).get(url("rule_edit", pk=rule.pk)).content.decode()
        assert "Exceeds expectations" in body
        client_for(manager).post(url("rule_edit", pk=rule.pk), {"value": "4"})
        rule.refresh_from_db()
        assert rule.value == 4

    def test_a_bad_value_is_explained(self, program, manager, client_for):
        rule = program.eligibility_rules.get(kind="min_tenure_months", applies_to="mentee")
        response = client_for(manager).post(url("rule_edit", pk=rule.pk), {"value": "-3"})
        assert response.status_code == 200
        assert response.context["form"].errors
        rule.refresh_from_db()
        assert rule.value == 12


class TestApplying:
    def test_members_see_open_programs_and_their_own_applications(self, org, mentee, client_for):
        open_now = ProgramFactory(organization=org, open_now=True, name="Open one")
        ProgramFactory(organization=org, name="Draft one")
        ProgramFactory(
            organization=org,
            status=ProgramStatus.APPLICATIONS_OPEN,
            name="Closed window",
            applications_open_at=timezone.now() - datetime.timedelta(days=9),
            applications_close_at=timezone.now() - datetime.timedelta(days=1),
        )
        done = ProgramFactory(organization=org, status=ProgramStatus.ACTIVE, name="Last year")
        ApplicationFactory(program=done, user=mentee, status=ApplicationStatus.WAITLISTED)

        response = client_for(mentee).get(url("home"))

        assert [w.program.name for w in response.context["open_windows"]] == [open_now.name]
        body = response.content.decode()
        assert "Draft one" not in body and "Closed window" not in body
        assert "Last year" in body and "Waitlisted" in body

    def test_an_eligible_member_applies(self, open_program, mentee, mentee_employee, client_for):
        client = client_for(mentee)
        response = client.post(
            url("apply", pk=open_program.pk),
            {"role": "mentee", "motivation": "Grow.", "learning_goals": "Leading people."},
            follow=True,
        )
        application = Application.objects.get()
        assert application.status == ApplicationStatus.SUBMITTED
        assert "Your application is in." in messages_of(response)[0]
        assert "Withdraw my application" in response.content.decode()

    def test_an_ineligible_member_sees_every_reason_before_writing(
        self, open_program, org, mentee, client_for
    ):
        EmployeeFactory(
            organization=org, user=mentee, hire_date=timezone.localdate() - datetime.timedelta(days=100),
            performance_rating=None,
        )  # fmt: skip
        client = client_for(mentee)
        page = client.get(url("program", pk=open_program.pk))
        body = page.content.decode()
        assert page.context["form"] is None
        assert "You can't apply to this program today" in body
        assert "months&#x27; tenure; this program asks for at least 12." in body
        assert "Your performance rating is missing from the HR roster" in body
        assert "Send my application" not in body

        response = client.post(
            url("apply", pk=open_program.pk),
            {"role": "mentee", "motivation": "Grow.", "learning_goals": "Leading people."},
            follow=True,
        )
        assert not Application.objects.exists()
        assert "nothing was sent" in messages_of(response)[0]

    def test_a_member_without_a_roster_record_is_told_before_and_when_applying(
        self, open_program, mentee, client_for
    ):
        client = client_for(mentee)
        assert (
            "We can't find you in the HR roster"
            in client.get(url("program", pk=open_program.pk)).content.decode()
        )
        response = client.post(
            url("apply", pk=open_program.pk),
            {"role": "mentee", "motivation": "x", "learning_goals": "y"},
            follow=True,
        )
        assert "can't find you in the HR roster of Acme" in messages_of(response)[0]
        assert not Application.objects.exists()

    def test_a_second_application_is_refused_with_a_message(
        self, open_program, mentee, mentee_employee, client_for
    ):
        client = client_for(mentee)
        data = {"role": "mentee", "motivation": "x", "learning_goals": "y"}
        client.post(url("apply", pk=open_program.pk), data)
        response = client.post(
            url("apply", pk=open_program.pk), {**data, "role": "mentor", "offer": "z"}, follow=True
        )
        assert "already applied" in messages_of(response)[-1]
        assert Application.objects.count() == 1

    def test_applying_after_the_window_closed_is_refused(self, org, mentee, mentee_employee, client_for):
        program = ProgramFactory(
            organization=org,
            status=ProgramStatus.APPLICATIONS_OPEN,
            applications_open_at=timezone.now() - datetime.timedelta(days=9),
            applications_close_at=timezone.now() - datetime.timedelta(minutes=1),
        )
        response = client_for(mentee).post(
            url("apply", pk=program.pk),
            {"role": "mentee", "motivation": "x", "learning_goals": "y"},
            follow=True,
        )
        assert "closed on" in messages_of(response)[0]
        assert "not taking applications right now" in response.content.decode()
        assert not Application.objects.exists()

    def test_missing_answers_are_shown_on_the_form(self, open_program, mentee, mentee_employee, client_for):
        response = client_for(mentee).post(
            url("apply", pk=open_program.pk), {"role": "mentee", "motivation": "x"}
        )
        assert response.status_code == 400
        assert "Tell us what you want to learn." in response.content.decode()

    def test_a_member_withdraws(self, open_program, mentee, mentee_employee, client_for):
        application = ApplicationFactory(program=open_program, employee=mentee_employee, user=mentee)
        response = client_for(mentee).post(url("withdraw", pk=open_program.pk), follow=True)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.WITHDRAWN
        assert "is withdrawn" in messages_of(response)[0]
        assert "You can apply again below" in response.content.decode()

    def test_a_member_sees_and_withdraws_only_their_own_application(
        self, open_program, mentee, mentor, mentee_employee, client_for
    ):
        theirs = ApplicationFactory(
            program=open_program, employee=mentee_employee, user=mentee, motivation="SECRET"
        )
        client = client_for(mentor)
        assert "SECRET" not in client.get(url("program", pk=open_program.pk)).content.decode()
        client.post(url("withdraw", pk=open_program.pk))
        theirs.refresh_from_db()
        assert theirs.status == ApplicationStatus.SUBMITTED
        assert client.get(url("application", pk=theirs.pk)).status_code == 403

    def test_a_draft_is_hidden_from_members_but_previewed_by_managers(self, org, mentee, manager, client_for):
        draft = ProgramFactory(organization=org)
        assert client_for(mentee).get(url("program", pk=draft.pk)).status_code == 404
        assert client_for(mentee).post(url("apply", pk=draft.pk), {}).status_code == 404
        assert client_for(manager).get(url("program", pk=draft.pk)).status_code == 200


class TestReview:
    @pytest.fixture
    def applications(self, org):
        program = ProgramFactory(organization=org, open_now=True)
        return program, {
            "ana": ApplicationFactory(program=program, employee__name="Ana", employee__department="Sales",
                                      employee__level=2),
            "bo": ApplicationFactory(program=program, employee__name="Bo", employee__department="Finance",
                                     employee__level=3, role="mentor", offer="x"),
            "cy": ApplicationFactory(program=program, employee__name="Cy", employee__department="Sales",
                                     employee__level=3, ineligible=True),
            "di": ApplicationFactory(program=program, employee__name="Di", employee__department="Legal",
                                     employee__level=4, status=ApplicationStatus.ACCEPTED),
        }  # fmt: skip

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("", {"ana", "bo", "cy", "di"}),
            ("role=mentor", {"bo"}),
            ("status=accepted", {"di"}),
            ("department=Sales", {"ana", "cy"}),
            ("level=3", {"bo", "cy"}),
            ("eligible=no", {"cy"}),
            ("eligible=yes&department=Sales", {"ana"}),
        ],
    )
    def test_filters(self, applications, manager, client_for, query, expected):
        program, by_name = applications
        response = client_for(manager).get(url("applications", pk=program.pk) + "?" + query)
        assert {a.employee.name.lower() for a in response.context["page"].object_list} == expected

    def test_counts_per_status(self, applications, manager, client_for):
        program, _ = applications
        response = client_for(manager).get(url("applications", pk=program.pk) + "?role=mentor")
        counts = {status: n for status, label, n in response.context["counts"]}
        assert counts == {
            "submitted": 2, "ineligible": 1, "accepted": 1, "waitlisted": 0, "declined": 0, "withdrawn": 0
        }  # fmt: skip
        assert response.context["total"] == 4

    def test_bulk_decisions_report_each_row_that_could_not_change(
        self, applications, manager, client_for, django_capture_on_commit_callbacks
    ):
        from django.core import mail

        program, by_name = applications
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(manager).post(
                url("bulk_decide", pk=program.pk),
                {
                    "decision": "waitlisted",
                    "applications": [by_name[n].pk for n in ("ana", "bo", "cy")],
                    "role": "mentee",
                },
                follow=True,
            )
        assert response.redirect_chain[-1][0] == url("applications", pk=program.pk) + "?role=mentee"
        texts = messages_of(response)
        assert texts[0] == "2 applications now waitlisted; the applicants are being told."
        assert texts[1].startswith("Not changed — Cy: Cy does not meet the eligibility rules")
        assert len(mail.outbox) == 2

    def test_a_bulk_decision_with_nothing_ticked_says_so(self, applications, manager, client_for):
        program, _ = applications
        response = client_for(manager).post(
            url("bulk_decide", pk=program.pk), {"decision": "accepted"}, follow=True
        )
        assert messages_of(response) == ["Tick at least one application first."]

    @pytest.mark.parametrize("odd", ["²", "9" * 10_000, "-1"])
    def test_a_bulk_decision_with_an_odd_id_ignores_it(self, applications, manager, client_for, odd):
        program, by_name = applications
        response = client_for(manager).post(
            url("bulk_decide", pk=program.pk),
            {"decision": "waitlisted", "applications": [odd, by_name["ana"].pk]},
            follow=True,
        )
        assert response.status_code == 200
        assert "Select a valid choice" in " ".join(messages_of(response))

    def test_a_single_decision(self, applications, manager, client_for):
        _, by_name = applications
        response = client_for(manager).post(
            url("decide", pk=by_name["ana"].pk), {"decision": "declined"}, follow=True
        )
        by_name["ana"].refresh_from_db()
        assert by_name["ana"].status == ApplicationStatus.DECLINED
        assert "Ana is now declined" in messages_of(response)[0]

    def test_the_detail_page_shows_the_failed_rules_and_the_override_form(
        self, applications, manager, client_for
    ):
        _, by_name = applications
        response = client_for(manager).get(url("application", pk=by_name["cy"].pk))
        assert response.context["failures"] == [
            {"label": "Minimum tenure (months)", "person_value": "3", "required_value": "12"}
        ]
        body = response.content.decode()
        assert "<td>Minimum tenure (months)</td><td>3</td><td>12</td>" in body
        assert "Override eligibility" in body
        assert [d.value for d in response.context["decisions"]] == ["declined"]

    def test_an_override_without_a_reason_is_refused_on_the_form(self, applications, manager, client_for):
        _, by_name = applications
        response = client_for(manager).post(url("override", pk=by_name["cy"].pk), {"reason": ""})
        assert response.status_code == 400
        assert response.context["override_form"].errors["reason"]
        by_name["cy"].refresh_from_db()
        assert by_name["cy"].status == ApplicationStatus.INELIGIBLE

    def test_an_override_with_a_reason_then_accepting(self, applications, manager, client_for):
        _, by_name = applications
        client = client_for(manager)
        client.post(url("override", pk=by_name["cy"].pk), {"reason": "Transferred in from a sister company."})
        body = client.get(url("application", pk=by_name["cy"].pk)).content.decode()
        assert "Overridden" in body and "Transferred in from a sister company." in body
        client.post(url("decide", pk=by_name["cy"].pk), {"decision": "accepted"})
        by_name["cy"].refresh_from_db()
        assert by_name["cy"].status == ApplicationStatus.ACCEPTED

    def test_a_decision_shows_on_the_applicants_page(
        self, org, open_program, mentee, mentee_employee, manager, client_for
    ):
        application = ApplicationFactory(program=open_program, employee=mentee_employee, user=mentee)
        client_for(manager).post(url("decide", pk=application.pk), {"decision": "accepted"})
        body = client_for(mentee).get(url("program", pk=open_program.pk)).content.decode()
        # While the class is chosen, "accepted" is a place in the pool, not yet in the class.
        assert "You're accepted" in body and "You're in!" not in body
        assert "Accepted" in client_for(mentee).get(url("home")).content.decode()
        open_program.status = ProgramStatus.ACTIVE
        open_program.save(update_fields=["status"])
        assert "You're in!" in client_for(mentee).get(url("program", pk=open_program.pk)).content.decode()


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


class TestQueryCounts:
    """List pages make the same number of queries for 2 rows as for 12 (no N+1)."""

    def test_the_review_list(self, org, manager, client_for):
        program = ProgramFactory(organization=org, open_now=True)
        client = client_for(manager)
        ApplicationFactory.create_batch(2, program=program)
        few = count_queries(client, url("applications", pk=program.pk))
        ApplicationFactory.create_batch(10, program=program, ineligible=True)
        assert count_queries(client, url("applications", pk=program.pk)) == few

    def test_the_program_list(self, org, manager, client_for):
        client = client_for(manager)
        for _ in range(2):
            ApplicationFactory(program=ProgramFactory(organization=org, open_now=True))
        few = count_queries(client, url("manage"))
        for _ in range(10):
            ApplicationFactory(program=ProgramFactory(organization=org, open_now=True))
        assert count_queries(client, url("manage")) == few

    def test_the_members_programs_page(self, org, mentee, client_for, django_assert_max_num_queries):
        client = client_for(mentee)
        for _ in range(2):
            ApplicationFactory(program=ProgramFactory(organization=org, open_now=True), user=mentee)
        few = count_queries(client, url("home"))
        for _ in range(10):
            ApplicationFactory(program=ProgramFactory(organization=org, open_now=True), user=mentee)
        with django_assert_max_num_queries(few):
            client.get(url("home"))
