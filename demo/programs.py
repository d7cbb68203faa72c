"""Demo programs and a selected class for Acme, made through the same services people use.

- "Acme Rising 2027" takes applications now: about thirty colleagues have applied (a few are
  told they are not eligible), and the demo accounts can apply themselves.
- "Leadership Bridge 2026" started two months ago. Its first wave — eight mentees and seven
  mentors, spread across departments and levels — was chosen then; the others accepted went
  on the waiting list, mentee@ and mentor@ first in line (``demo/current_cohort.py`` gives
  them their places last week).

Each step happens at its moment on the clock (``demo/timeline.py``), so applications,
decisions and the class carry the dates they would have. Applicants get member accounts (the
demo password) because applying is something a signed-in employee does. Idempotent: a second
run finds the programs and does nothing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from cohorts.services import cohort_activate, cohort_create, selection_apply, selection_propose
from demo.accounts import member_account
from demo.context import DemoContext
from demo.timeline import Timeline
from organizations.clock import organization_today
from organizations.models import Employee, Organization, User
from programs.models import ApplicantRole, Application, ApplicationStatus, Program, ProgramStatus
from programs.services.applications import application_decide, application_submit
from programs.services.programs import program_create, program_transition

BRIDGE = "Leadership Bridge 2026"
RISING = "Acme Rising 2027"
# The first wave of Leadership Bridge 2026's class; the rest of it joins from the waiting list.
FIRST_WAVE = {ApplicantRole.MENTEE: 8, ApplicantRole.MENTOR: 7}
# mentee@, mentor@ and the next in line per role get the places left (current_cohort.py).
LATE_JOINERS = {ApplicantRole.MENTEE: 4, ApplicantRole.MENTOR: 3}

# What mentees write they want to learn (demo/profiles.py turns it into their learning wishes).
WISHES = [
    "stakeholder management, presenting to leadership",
    "negotiation, pricing, commercial thinking",
    "people leadership, giving feedback",
    "data-driven decisions, prioritisation",
]
MOTIVATIONS = [
    "I want to grow into a broader role and learn how other parts of Acme work.",
    "I'd like a sounding board outside my team while I take on more responsibility.",
    "I want to build my network across departments and learn from someone senior.",
]
OFFERS = [
    "Fifteen years across sales and operations; happy to share how decisions get made here.",
    "I've led teams through two reorganisations and love helping people find their footing.",
    "Finance and planning; I can demystify budgets and business cases.",
]
DESCRIPTION = (
    "A year of cross-department mentoring for people ready for their next step: a mentor "
    "from another part of Acme, a goal plan each, learning sessions and a project team."
)


def bridge_start(today: datetime.date) -> datetime.date:
    """Leadership Bridge 2026 started on the first of the month about two months ago."""
    return (today - datetime.timedelta(days=60)).replace(day=1)


def seed_programs_and_cohort(context: DemoContext) -> str:
    organization = context.organization
    if Program.objects.filter(name__in=[RISING, BRIDGE]).exists():
        return "Programs: already seeded."
    actor = context.accounts["manager"]
    today = organization_today(organization)
    demo_people = {context.accounts["mentee"].pk, context.accounts["mentor"].pk}
    pool = _eligible_pool(today, exclude_users=demo_people)
    mentees, mentors = pool["mentee"], pool["mentor"]

    start = bridge_start(today)
    # Applications opened six weeks before the start: three weeks to apply, then the class.
    opened = start - datetime.timedelta(days=45)
    timeline = Timeline(organization)
    state: dict = {}

    def open_bridge() -> None:
        state["program"] = open_program(
            organization, actor, BRIDGE, start, baseline=14, target=9, limits=(12, 10)
        )

    # mentee@ and mentor@ apply first, their colleagues over the next days.
    applicants = [
        (context.accounts["mentee"], ApplicantRole.MENTEE),
        (context.accounts["mentor"], ApplicantRole.MENTOR),
    ]
    applicants += [(e, ApplicantRole.MENTEE) for e in mentees[:14]]
    applicants += [(e, ApplicantRole.MENTOR) for e in mentors[:10]]
    timeline.add(timeline.at(opened, 9), open_bridge)
    for n, (person, role) in enumerate(applicants):
        moment = timeline.at(opened + datetime.timedelta(days=1 + n // 4), 10 + n % 4 * 2, 15)
        timeline.add(
            moment,
            lambda person=person, role=role, n=n: apply_as(
                state["program"],
                person if isinstance(person, User) else member_account(person, context.password),
                role,
                n,
            ),
        )
    timeline.add(
        timeline.at(opened + datetime.timedelta(days=14), 11), lambda: accept_all(state["program"], actor)
    )
    timeline.add(
        timeline.at(start - datetime.timedelta(days=10), 10),
        lambda: state.update(
            cohort=choose_class(state["program"], actor, FIRST_WAVE, skip_earliest=LATE_JOINERS)
        ),
    )
    timeline.add(timeline.at(start, 9), lambda: cohort_activate(cohort=state["cohort"], actor=actor))
    timeline.run_until()
    cohort = state["cohort"]

    rising = open_program(
        organization,
        actor,
        RISING,
        today.replace(day=1) + datetime.timedelta(days=62),
        opened=timeline.now,
        baseline=14,
        target=9,
        limits=(12, 10),
    )
    rising_applicants = [(e, ApplicantRole.MENTEE) for e in mentees[14:34]]
    rising_applicants += [(e, ApplicantRole.MENTOR) for e in mentors[10:18]]
    rising_applicants += [(e, ApplicantRole.MENTEE) for e in pool["too_new"][:4]]
    for i, (employee, role) in enumerate(rising_applicants):
        apply_as(rising, member_account(employee, context.password), role, i)
    counts = {
        status: Application.objects.filter(program=rising, status=status).count()
        for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.INELIGIBLE)
    }
    waiting = Application.objects.filter(program=cohort.program, status=ApplicationStatus.WAITLISTED).count()
    return (
        f"Programs: {BRIDGE} started on {start:%d %b %Y} with a first wave of "
        f"{cohort.participants.count()} ({waiting} on the waiting list, mentee@ and mentor@ first); "
        f"{RISING} is open with {counts[ApplicationStatus.SUBMITTED]} applications and "
        f"{counts[ApplicationStatus.INELIGIBLE]} people told they are not eligible yet."
    )


def open_program(
    organization: Organization,
    actor,
    name: str,
    start: datetime.date,
    *,
    baseline: int,
    target: int,
    limits: tuple[int, int],
    opened: datetime.datetime | None = None,
) -> Program:
    """A retention program with a measurable target, open for applications from ``opened``
    (the clock's now by default) for three weeks."""
    opened = opened or timezone.now()
    program = program_create(
        organization=organization,
        actor=actor,
        name=name,
        description=DESCRIPTION,
        purpose="retention",
        target_metric="12-month voluntary attrition of participants (%)",
        target_baseline=baseline,
        target_value=target,
        target_by=start + datetime.timedelta(days=365),
        structure="one_to_one",
        start_date=start,
        meeting_cadence_days=14,
        applications_open_at=opened - datetime.timedelta(days=3),
        applications_close_at=opened + datetime.timedelta(days=21),
        mentee_limit=limits[0],
        mentor_limit=limits[1],
    )
    return program_transition(
        program=program,
        to_status=ProgramStatus.APPLICATIONS_OPEN,
        actor=actor,
        now=opened - datetime.timedelta(days=1),
    )


def apply_as(program: Program, user: User, role: str, index: int) -> Application:
    """``user`` applies with answers that vary by ``index``; eligibility is the service's call."""
    try:
        return application_submit(
            program=program,
            user=user,
            role=role,
            motivation=MOTIVATIONS[index % len(MOTIVATIONS)],
            learning_goals=WISHES[index % len(WISHES)] if role == ApplicantRole.MENTEE else "",
            offer=OFFERS[index % len(OFFERS)] if role == ApplicantRole.MENTOR else "",
        )
    except ValidationError as error:
        raise RuntimeError(f"Demo application for {user.email} to {program.name} failed: {error}") from error


def accept_all(program: Program, actor) -> None:
    """The manager accepts every eligible application."""
    for application in Application.objects.filter(
        program=program, status=ApplicationStatus.SUBMITTED
    ).order_by("pk"):
        application_decide(application=application, decision=ApplicationStatus.ACCEPTED, actor=actor)


def choose_class(
    program: Program, actor, sizes: dict[str, int], *, skip_earliest: dict[str, int] | None = None
):
    """Start the class and take the selection assistant's varied proposal, ``sizes`` per role,
    leaving out the ``skip_earliest`` first applicants of each role (they wait for a place)."""
    cohort = cohort_create(program=program, actor=actor, name=f"{program.start_date.year} class")
    for role, size in sizes.items():
        skipped = set(
            Application.objects.filter(program=program, role=role, status=ApplicationStatus.ACCEPTED)
            .order_by("created_at", "id")
            .values_list("pk", flat=True)[: (skip_earliest or {}).get(role, 0)]
        )
        proposal = selection_propose(cohort=cohort, role=role)
        chosen = [pk for pk in proposal.application_ids if pk not in skipped][:size]
        selection_apply(cohort=cohort, role=role, application_ids=chosen, actor=actor, replace=True)
    return cohort


def spread(employees) -> list:
    """People in turn from each department, so any first n of them span the departments."""
    by_department: dict[str, list] = {}
    for employee in employees:
        by_department.setdefault(employee.department, []).append(employee)
    columns = list(by_department.values())
    return [
        column[i] for i in range(max(map(len, columns), default=0)) for column in columns if i < len(column)
    ]


def _eligible_pool(today: datetime.date, *, exclude_users: set[int]) -> dict[str, list[Employee]]:
    """Roster people without accounts, spread over departments: mentees at levels 1-3 with a
    good rating, mentors at levels 4-5, both with a year's tenure by the time Leadership Bridge
    took applications (up to about four months ago), and a few hired under a year ago."""
    a_year_ago = today - datetime.timedelta(days=500)
    active = Employee.objects.filter(termination_date__isnull=True, user__isnull=True).exclude(
        user__in=exclude_users
    )
    return {
        "mentee": spread(
            active.filter(level__lte=3, hire_date__lte=a_year_ago, performance_rating__gte=3).order_by(
                "external_id"
            )
        ),
        "mentor": spread(
            active.filter(level__gte=4, level__lte=5, hire_date__lte=a_year_ago).order_by("external_id")
        ),
        "too_new": list(
            active.filter(hire_date__gt=today - datetime.timedelta(days=200)).order_by("external_id")
        ),
    }
