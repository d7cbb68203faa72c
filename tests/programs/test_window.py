"""One answer to "is this program taking applications?" (programs/window.py) for members,
managers and the application service, and members who see where they stand before writing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programs.models import Application, ProgramStatus
from programs.services.applications import application_submit
from programs.window import WindowState, application_window
from tests.factories import EmployeeFactory
from tests.programs.factories import EligibilityRuleFactory, ProgramFactory

UTC = datetime.UTC


def url(name, **kwargs):
    return reverse(f"programs:{name}", kwargs={"org_slug": "acme", **kwargs})


def at(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def december(org):
    """Opens 2 Dec 23:30 UTC, which is already 3 Dec in Amsterdam; closes 20 Dec."""
    return ProgramFactory(
        organization=org,
        status=ProgramStatus.APPLICATIONS_OPEN,
        applications_open_at=at(2026, 12, 2, 23, 30),
        applications_close_at=at(2026, 12, 20, 17, 0),
    )


class TestTheWindow:
    def test_the_day_before_it_opens_members_and_managers_read_the_same_date(self, december):
        window = application_window(december, now=at(2026, 12, 2, 9, 0))
        assert window.state == WindowState.SCHEDULED
        assert window.member_label == "Applications open 3 Dec"
        assert window.manager_label == "Scheduled · opens 3 Dec"

    def test_open_ended_and_not_taking(self, december):
        assert application_window(december, now=at(2026, 12, 2, 23, 30)).state == WindowState.OPEN
        assert application_window(december, now=at(2026, 12, 5)).member_label == "Apply by 20 Dec"
        ended = application_window(december, now=at(2026, 12, 20, 17, 0))
        assert ended.state == WindowState.ENDED and ended.manager_label == "Applications ended 20 Dec"
        december.status = ProgramStatus.SELECTING
        assert application_window(december, now=at(2026, 12, 5)).state == WindowState.NOT_TAKING
        assert application_window(december, now=at(2026, 12, 5)).manager_label == "Selecting"

    def test_another_year_is_named(self, december):
        window = application_window(december, now=at(2025, 11, 1))
        assert window.member_label == "Applications open 3 Dec 2026"

    def test_the_service_follows_the_same_window(self, december, org, mentee, mentee_employee):
        with pytest.raises(ValidationError, match="open on 3 December 2026"):
            application_submit(
                program=december, user=mentee, role="mentee", motivation="x", learning_goals="y",
                now=at(2026, 12, 2, 23, 0),
            )  # fmt: skip
        application_submit(
            program=december, user=mentee, role="mentee", motivation="x", learning_goals="y",
            now=at(2026, 12, 2, 23, 30),
        )  # fmt: skip
        assert Application.objects.count() == 1


@pytest.fixture
def tomorrow(org):
    opens = timezone.now() + datetime.timedelta(days=1)
    return ProgramFactory(
        organization=org,
        name="Opens tomorrow",
        status=ProgramStatus.APPLICATIONS_OPEN,
        applications_open_at=opens,
        applications_close_at=opens + datetime.timedelta(days=14),
    )


class TestPages:
    def test_a_window_opening_tomorrow_is_scheduled_for_managers_and_opening_for_members(
        self, tomorrow, manager, mentee, mentee_employee, client_for
    ):
        label = application_window(tomorrow)
        assert label.is_scheduled
        day = label.member_label.removeprefix("Applications open ")

        for page in (url("manage"), url("detail", pk=tomorrow.pk)):
            body = client_for(manager).get(page).content.decode()
            assert f"Scheduled · opens {day}" in body

        home = client_for(mentee).get(url("home"))
        assert [w.program for w in home.context["scheduled_windows"]] == [tomorrow]
        assert home.context["open_windows"] == []
        assert f"Applications open {day}" in home.content.decode()

        page = client_for(mentee).get(url("program", pk=tomorrow.pk))
        body = page.content.decode()
        assert f"Applications open {day}" in body
        assert page.context["form"] is None and "Send my application" not in body
        # Where they stand is already shown, before the window opens.
        assert "You can apply as a mentee or as a mentor" in body

    def test_a_member_eligible_only_as_mentor_is_offered_only_that_role(self, org, mentee, client_for):
        program = ProgramFactory(organization=org, open_now=True)

        EligibilityRuleFactory(program=program, applies_to="mentee", kind="max_level", value=3)
        EmployeeFactory(organization=org, user=mentee, email=mentee.email, level=6)
        client = client_for(mentee)

        page = client.get(url("program", pk=program.pk))
        body = page.content.decode()
        assert [value for value, _ in page.context["form"].fields["role"].choices] == ["mentor"]
        assert "learning_goals" not in page.context["form"].fields
        assert "You can apply as a <strong>mentor</strong>" in body
        assert "You are at level 6; this program is for level 3 or below." in body

        response = client.post(
            url("apply", pk=program.pk), {"role": "mentee", "motivation": "x", "learning_goals": "y"}
        )
        assert response.status_code == 400
        assert (
            "You don&#x27;t meet this program&#x27;s rules for that role today" in response.content.decode()
        )
        assert not Application.objects.exists()

        client.post(url("apply", pk=program.pk), {"role": "mentor", "motivation": "x", "offer": "Pricing."})
        assert Application.objects.get().role == "mentor"
