"""The programs app's lines on the overview: applications to review, drafts to open, programs
a member can apply to (organizations/next_steps.py)."""

from collections.abc import Callable

from django.db.models import Count, Expression, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from organizations.clock import organization_today
from organizations.next_steps import NextStep, Tone, request_memo
from organizations.roster.links import employee_link_for_user
from programs.eligibility import eligibility_context, evaluate_eligibility
from programs.models import ApplicantRole, ApplicationStatus, Program, ProgramStatus
from programs.selectors import applications_of_user, windows_by_state
from programs.window import WindowState

# The programs the overview's steps look at: being designed, taking applications, or choosing
# their class.
IN_PROGRESS = (ProgramStatus.DRAFT, ProgramStatus.APPLICATIONS_OPEN, ProgramStatus.SELECTING)

_figures: dict[str, Callable[[], Expression]] = {}


def register_program_figures(**figures: Callable[[], Expression]) -> None:
    """Add facts per program that another app's steps read (cohorts: whether a class exists),
    as expressions on the program: read with ``programs_in_progress``, in its one query. Names
    carry the app's prefix (``cohorts_exist``)."""
    _figures.update(figures)


def programs_in_progress(request) -> list[Program]:
    """The programs being designed, taking applications or choosing their class, with their
    applications to review and every registered figure: one query per request, shared by the
    managers' steps, the members' (which open for applications) and the cohorts' (which wait
    for a class)."""

    def read() -> list[Program]:
        return list(
            Program.objects.filter(status__in=IN_PROGRESS)
            .select_related("organization")
            .annotate(
                to_review=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)),
                **{name: figure() for name, figure in _figures.items()},
            )
            .order_by("start_date", "name")
        )

    return request_memo(request, "programs.in_progress", read)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def program_manager_steps(request) -> list[NextStep]:
    """Applications waiting for a decision, and draft programs not yet opened (the programs in
    progress, read once for the overview)."""
    slug = request.organization.slug
    programs = programs_in_progress(request)
    steps = []
    for program in programs:
        if program.to_review:
            steps.append(
                NextStep(
                    title=f"{_plural(program.to_review, 'application')} to review",
                    detail=program.name,
                    url=reverse("programs:applications", kwargs={"org_slug": slug, "pk": program.pk})
                    + "?status=submitted",
                    action="Review",
                    order=10,
                )
            )
        elif program.status == ProgramStatus.DRAFT:
            steps.append(
                NextStep(
                    title="Open applications when the design is ready",
                    detail=f"{program.name} is a draft: members cannot see it yet.",
                    url=reverse("programs:detail", kwargs={"org_slug": slug, "pk": program.pk}),
                    action="Finish the design",
                    tone=Tone.NEXT,
                    order=40,
                )
            )
    return steps


def _roles_open_to(employee, program: Program, as_of, context) -> list[str]:
    rules = list(program.eligibility_rules.all())  # prefetched for every open program
    return [
        label.lower()
        for role, label in ApplicantRole.choices
        if role in program.roles
        and not evaluate_eligibility(
            rules=[rule for rule in rules if rule.applies_to == role],
            employee=employee,
            as_of=as_of,
            context=context,
        )
    ]


def _as_roles(roles: list[str]) -> str:
    """ "as a mentee or a mentor " — nothing for peers, who all apply the same way."""
    if roles == ["peer"]:
        return "to a peer circle "
    return f"as a {' or a '.join(roles)} "


def member_steps(request) -> list[NextStep]:
    """Programs open now that the member may apply to (by the same eligibility rules the
    application is held to) and has not applied to, and applications awaiting a decision.

    Queries: the person's applications, the programs in progress (shared); when some program
    is open to them, their roster row, whether it is in an active cohort, and the open
    programs' rules (one query for them all)."""
    organization = request.organization
    now = timezone.now()
    applications = list(applications_of_user(user=request.user))
    applied = {application.program_id for application in applications}
    windows = {
        window.program.pk: window
        for window in windows_by_state(programs_in_progress(request), now)[WindowState.OPEN]
        if window.program.pk not in applied
    }
    open_programs = [window.program for window in windows.values()]
    employee = employee_link_for_user(organization=organization, user=request.user) if open_programs else None
    context = None
    if employee is not None:
        context = eligibility_context(organization, [employee])
        prefetch_related_objects(open_programs, "eligibility_rules")
    steps = []
    for program in open_programs if employee is not None else []:
        roles = _roles_open_to(employee, program, organization_today(organization, now), context)
        if not roles:
            continue  # the program page says why; the overview lists only what the person can do
        closes = windows[program.pk].closes_on
        steps.append(
            NextStep(
                title=f"Applications are open for {program.name}",
                detail=f"You can apply {_as_roles(roles)}until {closes.day} {closes:%B %Y}.",
                url=reverse("programs:program", kwargs={"org_slug": organization.slug, "pk": program.pk}),
                action="See the program",
                tone=Tone.NEXT,
                order=50,
            )
        )
    waiting = [app for app in applications if app.status == ApplicationStatus.SUBMITTED]
    for application in waiting:
        steps.append(
            NextStep(
                title=f"Your application to {application.program.name} is with the program team",
                detail="You will get a message when they decide.",
                url=reverse(
                    "programs:program", kwargs={"org_slug": organization.slug, "pk": application.program_id}
                ),
                action="See your application",
                tone=Tone.NEXT,
                order=90,
            )
        )
    return steps
