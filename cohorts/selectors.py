"""Reads of cohorts and their classes. Tenant reads assume the organization's scope is open,
except ``employee_ids_in_active_cohorts``, which eligibility may call from anywhere."""

from django.db.models import Count, Q, QuerySet

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from organizations.models import Organization
from organizations.tenancy import organization_scope
from programs.models import ApplicantRole, Application, ApplicationStatus, Program, ProgramStatus

# Programs whose class can be chosen: applications are in (or still coming in).
SELECTABLE_PROGRAM_STATUSES = (ProgramStatus.APPLICATIONS_OPEN, ProgramStatus.SELECTING)


def role_or_none(role: str) -> str | None:
    return role if role in ApplicantRole.values else None


def cohort_list() -> QuerySet[Cohort]:
    """Every cohort, newest first, with ``selected_mentees`` (peers, in peer circles) and
    ``selected_mentors`` counted: the one read behind the cohorts page and the cohorts API."""
    selected = Q(participants__status=ParticipantStatus.SELECTED)
    mentees = selected & Q(participants__role__in=(ApplicantRole.MENTEE, ApplicantRole.PEER))
    mentors = selected & Q(participants__role=ApplicantRole.MENTOR)
    return (
        Cohort.objects.select_related("program")
        .annotate(
            selected_mentees=Count("participants", filter=mentees),
            selected_mentors=Count("participants", filter=mentors),
        )
        .order_by("-created_at", "-id")
    )


def programs_awaiting_a_cohort() -> QuerySet[Program]:
    """Programs with applications and no class yet: where a manager starts selecting."""
    return Program.objects.filter(status__in=SELECTABLE_PROGRAM_STATUSES, cohorts__isnull=True).order_by(
        "start_date", "name"
    )


def cohort_for_program(program: Program) -> Cohort | None:
    return Cohort.objects.filter(program=program).first()


def class_members(*, cohort: Cohort, role: str) -> QuerySet[Participant]:
    """The people selected into the class for ``role``, earliest applicants first."""
    return (
        Participant.objects.filter(cohort=cohort, role=role, status=ParticipantStatus.SELECTED)
        .select_related("employee", "application", "added_by")
        .order_by("application__created_at", "application_id")
    )


def class_withdrawals(*, cohort: Cohort, role: str) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(cohort=cohort, role=role, status=ParticipantStatus.WITHDRAWN)
        .select_related("employee", "withdrawn_by")
        .order_by("-withdrawn_at", "-id")
    )


def accepted_applications(*, cohort: Cohort, role: str) -> QuerySet[Application]:
    """Everyone accepted for ``role`` in the cohort's program: the pool selection draws from."""
    return (
        Application.objects.filter(program=cohort.program_id, role=role, status=ApplicationStatus.ACCEPTED)
        .select_related("employee")
        .order_by("created_at", "id")
    )


def accepted_not_selected(*, cohort: Cohort, role: str) -> QuerySet[Application]:
    """Accepted for ``role`` and not (or no longer) in the class: who can still be added."""
    selected = Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED).values(
        "application_id"
    )
    return accepted_applications(cohort=cohort, role=role).exclude(pk__in=selected)


def waitlist(*, cohort: Cohort, role: str) -> QuerySet[Application]:
    """Waitlisted applications for ``role``, in the order they will be promoted (earliest first)."""
    return (
        Application.objects.filter(program=cohort.program_id, role=role, status=ApplicationStatus.WAITLISTED)
        .select_related("employee")
        .order_by("created_at", "id")
    )


def employee_ids_in_active_cohorts(organization: Organization, employee_ids: list[int]) -> set[int]:
    """Which of ``employee_ids`` are selected in an active cohort of ``organization``.

    The source behind the "not already in an active cohort" eligibility rule (registered in
    ``CohortsConfig.ready()``). Opens the organization's scope itself, so it answers the same
    inside a request, a task or a test.
    """
    with organization_scope(organization):
        return set(
            Participant.objects.filter(
                organization=organization,
                employee_id__in=list(employee_ids),
                status=ParticipantStatus.SELECTED,
                cohort__status=CohortStatus.ACTIVE,
            ).values_list("employee_id", flat=True)
        )
