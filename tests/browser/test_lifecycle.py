"""Issue 15, item 7: a whole year of Lodestar in a real browser, from an empty organization to a
finished year, as each role.

A person signs up and creates the organization; she loads the HR roster and invites the program
manager, the HR analyst, a senior leader, a mentee and a mentor, who sign up from their emails.
The manager starts a program from the one-to-one template and opens applications; the mentee and
the mentor apply (colleagues applied through the same service, so the class is a real choice);
the manager accepts, closes applications, chooses the class, starts the cohort, runs matching and
publishes. In the year: a goal, a meeting logged and one scheduled, a learning session with its
attendance, a senior leader's challenge that becomes a project team scored by the council, and
the reminders the dispatcher sends (emails, and the Messages page). At the year's end the admin
loads the year-end roster, the manager completes the program, the HR analyst reads the retention
dashboard, the mentee downloads her data, the admin exports the organization and erases the
mentee, and the dashboard's figures are the same as before.

The clock is moved with time-machine (the live server runs in this process, so it moves too);
after each jump people sign in again. Every step is saved as
artifacts/screenshots/lifecycle-NN-<step>.png, each checked by axe-core.
"""

import datetime
import json
import re
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from analytics.tasks import refresh_facts_nightly
from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from cohorts.teams.models import CouncilReview, TeamMember
from goals.models import Goal
from matching.models import Pair
from organizations.models import Employee, Membership, Organization
from organizations.roles import Role
from organizations.tenancy import organization_scope
from programs.models import ApplicantRole, Application, ApplicationStatus, Program, ProgramStatus
from programs.services.applications import application_submit
from sessions.models import Attendance, LearningSession, Meeting, MeetingStatus
from tests.browser.conftest import SCREENSHOTS
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory
from tests.organizations.roster.samples import HEADER, roster_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TZ = zoneinfo.ZoneInfo("Europe/Amsterdam")
ORG_NAME = "Northwind Trading"
SLUG = "northwind"
ORG = f"/o/{SLUG}"
MEETS, EXCEEDS = "Meets expectations", "Exceeds expectations"

ADMIN = ("Olivia Okafor", "olivia@northwind.test")
MANAGER = ("Priya Raman", "priya@northwind.test")
HR = ("Henrik Berg", "henrik@northwind.test")
LEADER = ("Lena Larsen", "lena@northwind.test")
CFO = ("Carl Chen", "carl@northwind.test")
MENTEE = ("Mia Moreno", "mia@northwind.test")
MENTOR = ("Marco Rossi", "marco@northwind.test")

# (id, name, department, level, location, hire date, rating): everyone on the roster.
STAFF = [
    ("N001", ADMIN, "People", 6, "Amsterdam", "2014-03-03", EXCEEDS),
    ("N002", MANAGER, "People", 5, "Amsterdam", "2016-09-01", EXCEEDS),
    ("N003", HR, "People", 4, "Amsterdam", "2019-02-11", MEETS),
    ("N004", LEADER, "Sales", 9, "Amsterdam", "2009-06-01", "Outstanding"),
    ("N005", CFO, "Finance", 9, "London", "2011-01-10", "Outstanding"),
    ("N006", MENTEE, "Finance", 2, "Amsterdam", "2021-05-03", MEETS),
    ("N007", MENTOR, "Engineering", 7, "Amsterdam", "2012-04-16", EXCEEDS),
]
# Colleagues who apply through the service: mentees (levels 1-3) and mentors (5-8).
APPLICANT_MENTEES = [
    ("N010", ("Ava Brooks", "ava@northwind.test"), "Engineering", 2, "Amsterdam", "2020-01-06", MEETS),
    ("N011", ("Ben Carter", "ben@northwind.test"), "Engineering", 2, "London", "2019-10-14", EXCEEDS),
    ("N012", ("Chloe Diaz", "chloe@northwind.test"), "Engineering", 3, "Amsterdam", "2018-03-05", MEETS),
    ("N013", ("Dev Patel", "dev@northwind.test"), "Engineering", 1, "London", "2022-02-07", MEETS),
    ("N014", ("Elif Demir", "elif@northwind.test"), "Sales", 2, "Amsterdam", "2020-08-17", EXCEEDS),
    ("N015", ("Finn Olsen", "finn@northwind.test"), "Operations", 3, "Amsterdam", "2017-11-20", MEETS),
    ("N016", ("Grace Kim", "grace@northwind.test"), "Marketing", 2, "London", "2021-09-13", MEETS),
]
APPLICANT_MENTORS = [
    ("N020", ("Hugo Laurent", "hugo@northwind.test"), "Sales", 6, "Amsterdam", "2013-05-06", EXCEEDS),
    ("N021", ("Ines Duarte", "ines@northwind.test"), "Finance", 7, "London", "2010-09-27", EXCEEDS),
    ("N022", ("Jonas Weber", "jonas@northwind.test"), "Operations", 6, "Amsterdam", "2015-01-12", MEETS),
    ("N023", ("Kira Sato", "kira@northwind.test"), "Marketing", 5, "Amsterdam", "2016-04-04", EXCEEDS),
    ("N025", ("Maya Singh", "maya@northwind.test"), "Legal", 6, "Amsterdam", "2014-07-07", MEETS),
]
# Colleagues who do not take part: the comparison groups are drawn from them.
DEPARTMENTS = ["Engineering", "Sales", "Finance", "Operations", "Marketing", "Legal"]
OTHERS = [
    (
        f"N{100 + n}",
        (f"Colleague {n + 1:02}", f"colleague{n + 1:02}@northwind.test"),
        DEPARTMENTS[n % len(DEPARTMENTS)],
        1 + n % 4,
        "Amsterdam" if n % 3 else "London",
        f"{2015 + n % 8}-{1 + n % 12:02}-{1 + n % 27:02}",
        MEETS if n % 4 else EXCEEDS,
    )
    for n in range(30)
]
# Who leaves during the year (voluntary), by id: three colleagues who did not take part.
LEAVERS = ("N100", "N107", "N113")
MENTEE_PLACES = MENTOR_PLACES = 6

GOAL = "Run the quarterly forecast review myself"
TOPICS = "How to present a forecast to the leadership team"
CHALLENGE = "Halve the time to close the books"


def _row(person: tuple, *, left_on: datetime.date | None = None) -> str:
    external_id, (name, email), department, level, location, hired, rating = person
    # Everyone reports to the admin; the senior leaders report to nobody, so no mentee is in the
    # reporting line of the leader whose challenge they take on.
    manager = "" if external_id in ("N001", "N004", "N005") else "N001"
    ended = f"{left_on.isoformat()},voluntary" if left_on else ","
    return f"{external_id},{name},{email},{department},{level},{location},{manager},{hired},{rating},{ended}"


def _roster_file(name: str, *, leavers_left_on: datetime.date | None = None) -> dict:
    everyone = [*STAFF, *APPLICANT_MENTEES, *APPLICANT_MENTORS, *OTHERS]
    rows = [_row(p, left_on=leavers_left_on if p[0] in LEAVERS else None) for p in everyone]
    return {"name": name, "mimeType": "text/csv", "buffer": roster_csv(*rows, header=HEADER)}


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def _start_moment() -> datetime.datetime:
    """09:30 on the 3rd of the month after next: always ahead of the real clock (the browser keeps
    real time, so a cookie the server dates in the past would be dropped), and always the same
    distance from the months' ends, so the program's suggested dates fall alike on every run."""
    today = datetime.date.today()
    month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    month = (month + datetime.timedelta(days=32)).replace(day=3)
    return _local(month, 9, 30)


class Walk:
    """The browser, the screenshots in order, and the helpers every step uses."""

    def __init__(self, page, screenshot, outbox):
        self.page = page
        self._screenshot = screenshot
        self.outbox = outbox
        self.shots = 0

    def shot(self, step: str) -> None:
        self.shots += 1
        self._screenshot(self.page, f"lifecycle-{self.shots:02}-{step}")

    def go(self, path: str) -> None:
        self.page.goto(path)
        self.page.wait_for_load_state("networkidle")

    def click(self, locator) -> None:
        locator.click()
        self.page.wait_for_load_state("networkidle")

    def button(self, name: str, **kwargs):
        return self.page.get_by_role("button", name=name, **kwargs)

    def link(self, name: str, **kwargs):
        return self.page.get_by_role("link", name=name, **kwargs)

    def action(self, name: str):
        """A link or a button (some links look like buttons, and say so to assistive technology)."""
        return self.link(name).or_(self.button(name)).first

    def see(self, text: str) -> None:
        expect(self.page.get_by_text(text).first).to_be_visible()

    def sign_in(self, email: str) -> None:
        self.page.context.clear_cookies()
        self.go("/accounts/login/")
        self.page.fill("input[name=login]", email)
        self.page.fill("input[name=password]", DEFAULT_PASSWORD)
        self.click(self.page.locator("form button[type=submit]"))
        assert "/accounts/login/" not in self.page.url, f"{email} could not sign in"

    def link_in_email(self, to: str, pattern: str) -> str:
        for message in reversed(self.outbox):
            if to in message.to and (found := re.search(pattern, message.body)):
                return found.group(0)
        raise AssertionError(f"no email to {to} with {pattern}")

    def accept_invitation(self, name: str, email: str) -> None:
        link = self.link_in_email(email, r"https?://\S+/invitations/[\w-]+/")
        self.page.context.clear_cookies()
        self.go(link)
        expect(self.page.get_by_role("heading", name=f"Join {ORG_NAME} on Lodestar")).to_be_visible()
        self.click(self.button("Create an account"))
        assert self.page.input_value("input[name=email]") == email
        assert self.page.input_value("input[name=full_name]") == name  # the roster's name
        self.page.fill("input[name=password1]", DEFAULT_PASSWORD)
        self.page.fill("input[name=password2]", DEFAULT_PASSWORD)
        self.click(self.button("Create account"))
        assert self.page.url.endswith(f"{ORG}/"), self.page.url


def _invite(walk: Walk, email: str, role: str) -> None:
    walk.page.fill("input[name=email]", email)
    walk.page.select_option("select#id_role", role)
    walk.click(walk.button("Send invitation"))
    walk.see(f"Invitation sent to {email}")


def _apply(walk: Walk, *, role: str, motivation: str, wish: str) -> None:
    walk.page.check(f"input[name=role][value={role}]")
    walk.page.fill("textarea[name=motivation]", motivation)
    walk.page.fill(f"textarea[name={'learning_goals' if role == 'mentee' else 'offer'}]", wish)
    walk.click(walk.button("Send my application"))
    walk.see("Your application is in.")


def _pair_space(walk: Walk) -> None:
    walk.click(walk.page.get_by_role("navigation").get_by_role("link", name="Mentoring", exact=True))
    if walk.button("Open our space").count():
        walk.click(walk.button("Open our space"))


def _dashboard_figures(walk: Walk) -> str:
    walk.go(f"{ORG}/analytics/")
    expect(walk.page.get_by_role("heading", name="Retention analytics", level=1)).to_be_visible()
    return walk.page.locator("#analytics-results").inner_text()


def test_a_year_from_an_empty_organization_to_a_finished_year(page, screenshot, settings, live_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = live_server.url
    mail.outbox = []
    walk = Walk(page, screenshot, mail.outbox)
    start = _start_moment()
    with time_machine.travel(start, tick=True) as clock:
        organization = _first_day(walk)
        with organization_scope(organization):  # the test's own queries, as a request's would be
            program = _program_from_template(walk)

            clock.move_to(_local(start.date() + datetime.timedelta(days=1), 10))  # the window opens
            _applications(walk, program)

            clock.move_to(program.applications_close_at + datetime.timedelta(days=1))
            cohort = _selection_and_start(walk, program)
            _matching(walk, cohort)

            clock.move_to(_local(program.start_date + datetime.timedelta(days=14), 10))
            _mentoring(walk, cohort)
            _learning_session(walk, cohort)
            _project_team(walk, cohort)
            _notifications(walk)

            clock.move_to(_local(program.end_date + datetime.timedelta(days=4), 10))
            _year_end(walk, program, cohort)


def _first_day(walk: Walk) -> Organization:
    page = walk.page
    # A person signs up, confirms her address and creates the organization.
    walk.go("/")
    walk.shot("landing")
    walk.click(walk.button("Create an account"))
    page.fill("input[name=full_name]", ADMIN[0])
    page.fill("input[name=email]", ADMIN[1])
    page.fill("input[name=password1]", DEFAULT_PASSWORD)
    page.fill("input[name=password2]", DEFAULT_PASSWORD)
    walk.shot("sign-up")
    walk.click(walk.button("Create account"))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    confirm = walk.link_in_email(ADMIN[1], r"/accounts/confirm-email/[^/\s]+/")
    walk.go(confirm)
    walk.shot("confirm-email")
    walk.click(walk.button("Confirm"))
    walk.sign_in(ADMIN[1])
    expect(page.get_by_role("heading", name="Your organizations")).to_be_visible()
    walk.shot("no-organization-yet")
    walk.click(walk.action("Create an organization"))
    page.fill("input[name=name]", ORG_NAME)
    page.fill("input[name=slug]", SLUG)
    page.select_option("select[name=timezone]", "Europe/Amsterdam")
    walk.shot("new-organization")
    walk.click(walk.button("Create organization"))
    assert page.url.endswith(f"{ORG}/")
    walk.see(f"{ORG_NAME} is ready.")
    organization = Organization.objects.get(slug=SLUG)
    with organization_scope(organization):
        assert Membership.objects.get(organization=organization).role == Role.ADMIN
    walk.shot("admin-dashboard-empty")

    # The roster: the upload is checked, confirmed and loaded in the background (in-process here).
    walk.click(page.get_by_role("navigation").get_by_role("link", name="Roster", exact=True))
    walk.click(walk.button("Upload your first roster"))
    page.set_input_files("input[name=file]", _roster_file("northwind-roster.csv"))
    walk.click(walk.button("Check the file"))
    expect(page.get_by_role("heading", name="Check the changes, then confirm")).to_be_visible()
    everyone = len(STAFF) + len(APPLICANT_MENTEES) + len(APPLICANT_MENTORS) + len(OTHERS)
    assert page.locator(".stat").first.inner_text() == str(everyone)
    walk.shot("roster-preview")
    walk.click(walk.button("Confirm and load").first)
    expect(page.get_by_role("heading", name="Roster load of")).to_be_visible()
    walk.shot("roster-loaded")
    with organization_scope(organization):
        assert Employee.objects.count() == everyone

    # Invitations: the program team one by one, the mentee and mentor from the roster.
    walk.click(page.get_by_role("navigation").get_by_role("link", name="Members").first)
    _invite(walk, MANAGER[1], Role.PROGRAM_MANAGER)
    _invite(walk, HR[1], Role.HR_ANALYST)
    _invite(walk, LEADER[1], Role.SENIOR_LEADER)
    _invite(walk, CFO[1], Role.SENIOR_LEADER)  # the council's second member
    walk.shot("members-invited")
    walk.click(walk.action("Invite from the roster"))
    page.get_by_label(MENTEE[0]).check()
    page.get_by_label(MENTOR[0]).check()
    walk.shot("invite-from-roster")
    walk.click(walk.button("Send invitations").first)
    for name, email in (MANAGER, HR, LEADER, CFO, MENTEE, MENTOR):
        walk.accept_invitation(name, email)
        if email == MANAGER[1]:
            walk.shot("manager-first-dashboard")
    with organization_scope(organization):
        roles = dict(Membership.objects.values_list("user__email", "role"))
    assert roles == {
        ADMIN[1]: Role.ADMIN,
        MANAGER[1]: Role.PROGRAM_MANAGER,
        HR[1]: Role.HR_ANALYST,
        LEADER[1]: Role.SENIOR_LEADER,
        CFO[1]: Role.SENIOR_LEADER,
        MENTEE[1]: Role.MEMBER,
        MENTOR[1]: Role.MEMBER,
    }
    return organization


def _program_from_template(walk: Walk) -> Program:
    page = walk.page
    walk.sign_in(MANAGER[1])
    walk.click(page.get_by_role("navigation").get_by_role("link", name="Programs"))
    walk.go(f"{ORG}/programs/manage/")
    walk.click(walk.button("New program"))
    walk.shot("program-templates")
    template = page.locator(
        ".template-card", has=page.get_by_role("heading", name="Yearlong one-to-one leadership program")
    )
    walk.click(template.get_by_role("button", name="Use this template"))
    name = page.input_value("input[name=name]")
    assert name.startswith("Rising Leaders ")
    page.fill("input[name=mentee_limit]", str(MENTEE_PLACES))
    page.fill("input[name=mentor_limit]", str(MENTOR_PLACES))
    walk.shot("program-from-template")
    walk.click(walk.button("Create draft program"))
    program = Program.objects.get()
    assert program.template == "yearlong_one_to_one" and program.status == ProgramStatus.DRAFT
    walk.see("is saved as a draft")
    walk.click(walk.button("Open applications"))
    program.refresh_from_db()
    assert program.status == ProgramStatus.APPLICATIONS_OPEN
    walk.shot("program-applications-open")
    return program


def _applications(walk: Walk, program: Program) -> None:
    page = walk.page
    organization = program.organization
    for _, (name, email), *_ in [*APPLICANT_MENTEES, *APPLICANT_MENTORS]:
        user = UserFactory(email=email, full_name=name)
        MembershipFactory(organization=organization, user=user, role=Role.MEMBER)
        is_mentee = email in {p[1][1] for p in APPLICANT_MENTEES}
        application_submit(
            program=program,
            user=user,
            role=ApplicantRole.MENTEE if is_mentee else ApplicantRole.MENTOR,
            motivation="I want to grow, and to help others grow.",
            learning_goals="Leading a team." if is_mentee else "",
            offer="" if is_mentee else "Years of leading teams across the business.",
        )

    walk.sign_in(MENTEE[1])
    walk.click(page.get_by_role("navigation").get_by_role("link", name="Programs"))
    expect(page.get_by_role("heading", name=program.name)).to_be_visible()
    walk.shot("mentee-sees-open-program")
    walk.click(walk.button("Read more and apply"))
    walk.shot("mentee-apply-form")
    _apply(
        walk,
        role="mentee",
        motivation="I run the month-end close and want to lead the team that does it.",
        wish="Presenting numbers to leadership; giving feedback; planning a team's year.",
    )
    walk.see("You meet the program's rules.")
    walk.shot("mentee-applied")

    walk.sign_in(MENTOR[1])
    walk.go(f"{ORG}/programs/{program.pk}/")
    _apply(
        walk,
        role="mentor",
        motivation="Someone took a chance on me once.",
        wish="Fifteen years of engineering; leading teams through change.",
    )
    walk.shot("mentor-applied")

    walk.sign_in(MANAGER[1])
    walk.go(f"{ORG}/programs/manage/{program.pk}/")
    walk.click(walk.button("Review applications"))
    page.get_by_label("Tick every application on this page").check()
    page.select_option("select[name=decision]", "accepted")
    walk.shot("review-applications")
    walk.click(walk.button("Apply decision"))
    total = len(APPLICANT_MENTEES) + len(APPLICANT_MENTORS) + 2
    walk.see(f"{total} applications now accepted")
    assert Application.objects.filter(status=ApplicationStatus.ACCEPTED).count() == total


def _selection_and_start(walk: Walk, program: Program) -> Cohort:
    page = walk.page
    walk.sign_in(MANAGER[1])
    walk.go(f"{ORG}/programs/manage/{program.pk}/")
    walk.click(walk.button("Close applications and start selecting"))
    program.refresh_from_db()
    assert program.status == ProgramStatus.SELECTING
    walk.click(walk.button("Choose the class"))
    walk.click(walk.button("Start choosing the class"))
    cohort = Cohort.objects.get(program=program)
    page.locator("#mentees").get_by_role("button", name="Propose a varied class").click()
    expect(page.get_by_role("heading", name="A varied class of mentees")).to_be_visible()
    walk.shot("class-mentee-proposal")
    walk.click(walk.button("Use this class"))
    page.locator("#mentors").get_by_role("button", name="Propose a varied class").click()
    expect(page.get_by_role("heading", name="A varied class of mentors")).to_be_visible()
    walk.click(walk.button("Use this class"))
    walk.click(walk.button("Start the cohort"))
    expect(page.get_by_role("heading", name="Start the cohort?")).to_be_visible()
    walk.shot("class-start-confirm")
    walk.click(walk.button("Start the cohort"))
    walk.see(f"{cohort.name} has started and {program.name} is now active.")
    walk.shot("class-started")
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.ACTIVE
    selected = Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED)
    assert selected.filter(role=ApplicantRole.MENTEE).count() == MENTEE_PLACES
    assert selected.filter(role=ApplicantRole.MENTOR).count() == MENTOR_PLACES
    # Mia and Marco are in the class (the walk follows them through the year).
    names = set(selected.values_list("employee__name", flat=True))
    assert {MENTEE[0], MENTOR[0]} <= names, names
    return cohort


def _matching(walk: Walk, cohort: Cohort) -> None:
    page = walk.page
    walk.click(page.get_by_role("navigation").get_by_role("link", name="Matching"))
    walk.click(walk.link(cohort.name).first)
    walk.click(walk.button("Run matching"))
    expect(page.get_by_role("heading", name="Run 1")).to_be_visible()
    walk.shot("matching-run")
    walk.click(walk.button("Publish…"))
    walk.shot("matching-publish-confirm")
    walk.click(walk.button(f"Publish {MENTEE_PLACES} pairs"))
    walk.see(f"Published: {MENTEE_PLACES} pairs ({2 * MENTEE_PLACES} people)")
    assert Pair.objects.filter(cohort=cohort).count() == MENTEE_PLACES
    walk.shot("matching-published")


def _mentoring(walk: Walk, cohort: Cohort) -> None:
    page = walk.page
    walk.sign_in(MENTEE[1])
    walk.shot("mentee-dashboard-in-the-year")
    walk.click(page.get_by_role("navigation").get_by_role("link", name="Goals"))
    for name in ("Open my plan", "Write my first goal", "Write your first goal"):
        if walk.button(name).count():
            walk.click(walk.button(name))
    page.fill("input[name=title]", GOAL)
    page.select_option("select[name=category]", "leadership")
    page.fill("textarea[name=success_measure]", "The leadership team adopts the forecast I present.")
    target = cohort.program.start_date + datetime.timedelta(days=120)
    page.fill("input[name=target_date]", target.isoformat())
    page.select_option("select[name=status]", "on_track")
    walk.click(walk.button("Add goal"))
    assert Goal.objects.filter(title=GOAL).exists()
    walk.shot("mentee-goal-plan")

    # A meeting that happened yesterday, logged; and the next one, tomorrow.
    today = datetime.datetime.now(TZ).date()
    _pair_space(walk)
    pair = Pair.objects.get(cohort=cohort, members__participant__employee__email=MENTEE[1])
    mentor = pair.members.exclude(participant__employee__email=MENTEE[1]).get().participant.employee
    expect(page.get_by_role("heading", name=f"You and {mentor.name}")).to_be_visible()
    walk.shot("mentee-pair-space")
    walk.click(walk.button("Schedule a meeting").first)
    page.get_by_label("already happened: I want to log it").check()
    page.fill("input[name=date]", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("input[name=time]", "16:00")
    page.fill("input[name=duration_minutes]", "50")
    walk.click(walk.button("Save the meeting"))
    expect(page.get_by_role("heading", name="How did the meeting go?")).to_be_visible()
    page.fill("textarea[name=topics]", TOPICS)
    page.fill("textarea[name=shared_notes]", "We went through last quarter's forecast line by line.")
    walk.shot("meeting-log-form")
    walk.click(walk.button("Save the log"))
    assert Meeting.objects.filter(status=MeetingStatus.HAPPENED, topics=TOPICS).exists()
    _pair_space(walk)
    walk.click(walk.button("Schedule a meeting").first)
    page.fill("input[name=date]", (today + datetime.timedelta(days=1)).isoformat())
    page.fill("input[name=time]", "09:00")  # within a day: the dispatcher reminds both of it
    page.fill("input[name=duration_minutes]", "45")
    walk.click(walk.button("Save the meeting"))
    walk.see("Meeting scheduled for")

    # The mentor finds the meeting's topics in their space.
    walk.sign_in(mentor.email)
    _pair_space(walk)
    walk.see(TOPICS)
    walk.shot("mentor-pair-space")


def _learning_session(walk: Walk, cohort: Cohort) -> None:
    page = walk.page
    today = datetime.datetime.now(TZ).date()
    walk.sign_in(MANAGER[1])
    walk.go(f"{ORG}/mentoring/cohorts/")
    walk.click(walk.link("Learning sessions").first)
    walk.click(walk.button("Schedule a session"))
    page.fill("input[name=title]", "Giving feedback that lands")
    page.select_option("select[name=kind]", "workshop")
    page.fill("input[name=date]", (today - datetime.timedelta(days=2)).isoformat())
    page.fill("input[name=time]", "09:30")
    page.fill("input[name=duration_minutes]", "90")
    page.fill("input[name=location]", "Room 4.12")
    page.fill("textarea[name=discussion_guide]", "Which feedback did you receive this month?")
    walk.click(walk.button("Schedule it"))
    session = LearningSession.objects.get()
    page.get_by_label(MENTEE[0]).check()
    page.get_by_label(MENTOR[0]).check()
    walk.click(walk.button("Save attendance"))
    walk.see("Attendance saved: 2 people attended.")
    assert Attendance.objects.filter(session=session).count() == 2
    walk.shot("session-attendance")
    walk.go(f"{ORG}/mentoring/cohorts/{cohort.pk}/")
    walk.shot("pair-overview")


def _project_team(walk: Walk, cohort: Cohort) -> None:
    page = walk.page
    # Lena poses the challenge; Carl, who does not sponsor it, scores (nobody scores their own).
    walk.sign_in(LEADER[1])
    walk.go(f"{ORG}/teams/")
    walk.click(walk.button("Submit a challenge").first)
    page.fill("#id_title", CHALLENGE)
    page.fill("#id_problem", "Month-end close takes nine working days.")
    page.fill("#id_why_it_matters", "Leaders decide on numbers that are two weeks old.")
    page.fill("#id_expected_outcome", "A tested close calendar and a business case.")
    walk.shot("challenge-form")
    walk.click(walk.button("Submit the challenge"))
    walk.see("is submitted")

    walk.sign_in(MANAGER[1])
    walk.go(f"{ORG}/teams/cohort/{cohort.pk}/challenges/")
    walk.click(page.get_by_role("row", name=CHALLENGE).get_by_role("button", name="Accept"))
    walk.see("is accepted")
    walk.click(walk.button("Form teams"))
    page.fill("#size", str(MENTEE_PLACES))
    walk.click(walk.button("Propose teams"))
    walk.see("Proposed teams")
    walk.click(walk.button("Apply these teams"))
    walk.see("Teams formed")
    walk.shot("teams-formed")
    assert TeamMember.objects.filter(team__cohort=cohort).count() == MENTEE_PLACES
    walk.go(f"{ORG}/teams/cohort/{cohort.pk}/council/")
    page.get_by_label(LEADER[0]).check()
    page.get_by_label(CFO[0]).check()
    walk.click(walk.button("Save the council"))
    walk.see("The council has 2 members")

    walk.sign_in(MENTEE[1])
    walk.go(f"{ORG}/teams/")
    walk.click(walk.link(CHALLENGE))
    page.fill("#id_recommendation", "Close on day three: reconcile daily, not monthly; the pilot did it.")
    walk.click(walk.button("Save the recommendation"))
    walk.see("Recommendation saved")
    walk.shot("team-space")

    walk.sign_in(CFO[1])
    walk.go(f"{ORG}/teams/")
    walk.click(walk.button("Score", exact=True).first)
    rows = page.locator(".score-sheet tbody tr")
    for index in range(rows.count()):
        rows.nth(index).get_by_label("4", exact=True).check()
    page.fill("textarea[name=comment]", "Clear problem and numbers; show what it costs.")
    walk.shot("council-score-sheet")
    walk.click(walk.button("Submit my scores"))
    walk.see("Your scores for")
    assert CouncilReview.objects.filter(submitted_at__isnull=False).count() == 1
    walk.go(f"{ORG}/teams/cohort/{cohort.pk}/results/")
    walk.shot("council-results")


def _notifications(walk: Walk) -> None:
    """The dispatcher finds tomorrow's meeting and sends the reminders; the mentee reads hers."""
    mail.outbox.clear()
    output = StringIO()
    call_command("send_due_notifications", stdout=output)
    assert re.search(r"notifications: \d+ created, [1-9]\d* sent", output.getvalue()), output.getvalue()
    reminders = [m for m in mail.outbox if MENTEE[1] in m.to]
    subjects = sorted(m.subject for m in reminders)
    assert any(s.startswith("Your mentoring meeting with ") for s in subjects), subjects  # tomorrow's
    assert any(s.endswith(": how is your mentoring going?") for s in subjects), subjects  # check-in
    walk.sign_in(MENTEE[1])
    walk.click(walk.page.get_by_role("link", name=re.compile("Messages")))
    for message in reminders:
        walk.see(message.subject)
    walk.shot("mentee-messages")


def _year_end(walk: Walk, program: Program, cohort: Cohort) -> None:
    page = walk.page
    organization = program.organization
    # The admin loads the year-end roster: three people left during the year.
    walk.sign_in(ADMIN[1])
    walk.go(f"{ORG}/roster/upload/")
    left_on = program.start_date + datetime.timedelta(days=200)
    page.set_input_files("input[name=file]", _roster_file("northwind-year-end.csv", leavers_left_on=left_on))
    walk.click(walk.button("Check the file"))
    walk.click(walk.button("Confirm and load").first)
    expect(page.get_by_role("heading", name="Roster load of")).to_be_visible()
    walk.shot("year-end-roster-loaded")

    # The manager closes the year.
    walk.sign_in(MANAGER[1])
    walk.go(f"{ORG}/programs/manage/{program.pk}/")
    walk.click(walk.button("Mark as completed"))
    program.refresh_from_db()
    cohort.refresh_from_db()
    assert program.status == ProgramStatus.COMPLETED
    assert cohort.status == CohortStatus.COMPLETED
    walk.shot("program-completed")

    # The nightly refresh, then the HR analyst's dashboard.
    refresh_facts_nightly()
    walk.sign_in(HR[1])
    walk.click(page.get_by_role("navigation").get_by_role("link", name="Analytics", exact=True))
    before = _dashboard_figures(walk)
    retention = walk.page.locator("#retention")
    # All 12 in the class stayed; of the 37 others, the three who left did not.
    expect(retention.get_by_text("100.0 % stayed")).to_be_visible()
    expect(retention.get_by_text("91.9 % stayed")).to_be_visible()
    walk.shot("retention-dashboard")
    for section in ("turnover", "retention", "engagement"):  # the long page's parts, to read
        walk.page.locator(f"#{section}").screenshot(
            path=str(SCREENSHOTS / f"lifecycle-{walk.shots:02}-retention-dashboard-{section}.png")
        )

    # The mentee downloads her data.
    walk.sign_in(MENTEE[1])
    walk.go(f"{ORG}/me/data/")
    walk.shot("your-data")
    with page.expect_download() as download:
        walk.action("Download it all as JSON").click()
    with open(download.value.path(), encoding="utf-8") as file:
        data = file.read()
    assert GOAL in data and json.loads(data)

    # The admin exports the organization, then erases the mentee.
    walk.sign_in(ADMIN[1])
    walk.go(f"{ORG}/settings/export-or-delete/")
    walk.shot("export-or-delete")
    with page.expect_download() as download:
        walk.button(f"Download {ORG_NAME} (.jsonl)").click()
    with open(download.value.path(), encoding="utf-8") as file:
        records = [json.loads(line) for line in file if line.strip()]
    assert len(records) > 100
    with organization_scope(organization):
        mia = Employee.objects.get(email=MENTEE[1])
    walk.go(f"{ORG}/roster/employees/{mia.pk}/")
    walk.click(walk.link("Erase their personal details"))
    page.get_by_label("Type the person's name to confirm").fill(MENTEE[0])
    walk.shot("erase-confirm")
    walk.click(walk.button(f"Erase {MENTEE[0]}"))
    walk.see("Erased.")
    walk.see("personal details were erased")
    walk.shot("erased")

    refresh_facts_nightly()
    walk.sign_in(HR[1])
    after = _dashboard_figures(walk)
    assert after == before
    assert MENTEE[0] not in page.content()
    walk.shot("retention-dashboard-after-erasure")
