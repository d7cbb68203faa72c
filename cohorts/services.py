"""Writes to cohorts: create a class, propose and apply a varied selection, add, remove,
withdraw, promote from the waitlist, activate, complete.

Who is told what (``cohorts/notifications.py``), written in the same transaction: starting the
cohort tells everyone in the class they have a place and everyone accepted without one that
they are on the waiting list; adding someone to a class that already started tells them they
have a place; a promotion from the waiting list is told as such.

Every write that changes who is in a class locks the cohort row first (``select_for_update``),
so two managers working at once cannot push a class past its limit: the second waits, then
counts the places the first one took.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from cohorts.notifications import class_placed_message, class_placed_messages, waitlist_promoted_message
from cohorts.selection import Candidate, Spread, first_come, propose_class, spread
from cohorts.selectors import (
    SELECTABLE_PROGRAM_STATUSES,
    accepted_applications,
    class_members,
    cohort_for_program,
    waitlist,
)
from cohorts.start import early_close_problem
from organizations.audit import audit_record
from organizations.models import AuditAction
from organizations.notifications.outbox import notify, notify_many
from programs.models import Application, ApplicationStatus, Program, ProgramStatus
from programs.services.applications import application_decide
from programs.services.notifications import mark_told
from programs.services.programs import program_transition

COHORT_NAME_MAX_LENGTH = 120


def _plural(role: str, count: int = 2) -> str:
    return role if count == 1 else f"{role}s"


def class_full_message(cohort: Cohort, role: str, selected: int) -> str:
    limit = cohort.limit_for(role)
    return f"The class is full ({selected} of {limit} {_plural(role, limit)}). Remove someone first."


def _check_role(cohort: Cohort, role: str) -> None:
    if role not in cohort.program.roles:
        circles = cohort.program.is_peer_circles
        raise ValidationError(
            "A peer-circle class has peers only." if circles else "Choose mentees or mentors."
        )


def _check_status(cohort: Cohort, allowed: tuple[str, ...], doing: str) -> None:
    if cohort.status not in allowed:
        raise ValidationError(f"The cohort is {cohort.get_status_display().lower()}; you can't {doing} now.")


def _lock(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)


def _selected_count(cohort: Cohort, role: str) -> int:
    return Participant.objects.filter(cohort=cohort, role=role, status=ParticipantStatus.SELECTED).count()


def _check_can_join(cohort: Cohort, application: Application, role: str | None = None) -> None:
    name = application.employee.name
    if application.program_id != cohort.program_id:
        raise ValidationError(f"{name} applied to another program.")
    if role is not None and application.role != role:
        raise ValidationError(f"{name} applied as a {application.get_role_display().lower()}, not a {role}.")
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError(
            f"Only accepted applicants can join the class; {name}'s application is "
            f"“{application.get_status_display()}”."
        )
    if Participant.objects.filter(
        cohort=cohort, employee=application.employee_id, status=ParticipantStatus.SELECTED
    ).exists():
        raise ValidationError(f"{name} is already in the class.")


def _join(cohort: Cohort, application: Application, actor) -> Participant:
    return Participant.objects.create(
        organization_id=cohort.organization_id,
        cohort=cohort,
        application=application,
        employee_id=application.employee_id,
        role=application.role,
        added_by=actor,
    )


def _delete(participants) -> None:
    """Delete participants, refusing with a message when a later step still relies on one."""
    participants = list(participants)
    try:
        # A savepoint, so a refusal leaves the caller's transaction usable.
        with transaction.atomic():
            Participant.objects.filter(pk__in=[p.pk for p in participants]).delete()
    except ProtectedError as error:
        # Apps above cohorts (matching) protect the rows they build on; we cannot name them.
        stuck = {getattr(obj, "participant_id", None) for obj in error.protected_objects}
        names = ", ".join(p.employee.name for p in participants if p.pk in stuck) or "Someone"
        raise ValidationError(
            f"{names} already take part in later steps (such as proposed pairs); "
            "undo those first, or mark them withdrawn."
        ) from None


@transaction.atomic
def cohort_create(*, program: Program, actor, name: str = "") -> Cohort:
    """Start the class of ``program``, with the program's mentee and mentor limits.

    A program has one class; it can be started while applications are open or once the
    program is selecting. The name defaults to "<start year> class".
    """
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status not in SELECTABLE_PROGRAM_STATUSES:
        if program.status == ProgramStatus.DRAFT:
            raise ValidationError("Open applications first: a class is chosen from accepted applicants.")
        raise ValidationError(
            f"{program.name} is {program.get_status_display().lower()}; "
            "copy it for next year to choose a new class."
        )
    if cohort_for_program(program) is not None:
        raise ValidationError(f"{program.name} already has a class.")
    name = (name or "").strip() or f"{program.start_date.year} class"
    if len(name) > COHORT_NAME_MAX_LENGTH:
        raise ValidationError({"name": f"Keep the name under {COHORT_NAME_MAX_LENGTH} characters."})
    return Cohort.objects.create(
        organization_id=program.organization_id,
        program=program,
        name=name,
        mentee_limit=program.mentee_limit,
        mentor_limit=program.mentor_limit,
        created_by=actor,
    )


def _candidate(application: Application) -> Candidate:
    return Candidate(
        id=application.pk,
        department=application.employee.department,
        level=application.employee.level,
        applied_at=application.created_at,
    )


@dataclass(frozen=True)
class Proposal:
    """A proposed class for one role, with the figures that explain it.

    ``kept`` stay in the class, ``picks`` fill the open places (all of the class when
    ``replace``); ``pool`` is every accepted applicant for the role. Spreads are normalized
    against the pool's departments and levels (see ``cohorts/selection.py``).
    """

    role: str
    limit: int
    replace: bool
    pool: list[Application]
    kept: list[Application]
    picks: list[Application]
    pool_spread: Spread
    proposal_spread: Spread
    first_come_spread: Spread

    @property
    def members(self) -> list[Application]:
        return sorted([*self.kept, *self.picks], key=lambda a: (a.created_at, a.pk))

    @property
    def application_ids(self) -> list[int]:
        return [application.pk for application in self.picks]


def selection_propose(*, cohort: Cohort, role: str, replace: bool = False) -> Proposal:
    """Propose the most varied class for ``role`` from the accepted applicants (a read).

    By default the people already in the class stay and only the open places are proposed;
    with ``replace`` the whole class is proposed afresh. Nothing is saved: the manager looks,
    then applies it with ``selection_apply``.
    """
    _check_role(cohort, role)
    pool = list(accepted_applications(cohort=cohort, role=role))
    selected_ids = set(class_members(cohort=cohort, role=role).values_list("application_id", flat=True))
    kept = [] if replace else [a for a in pool if a.pk in selected_ids]
    open_pool = pool if replace else [a for a in pool if a.pk not in selected_ids]
    by_id = {a.pk: a for a in pool}
    limit = cohort.limit_for(role)
    keep_candidates = [_candidate(a) for a in kept]
    pool_candidates = [_candidate(a) for a in open_pool]
    picks = propose_class(pool_candidates, limit, keep=keep_candidates)
    baseline = first_come(pool_candidates, limit, keep=keep_candidates)
    everyone = [_candidate(a) for a in pool]
    return Proposal(
        role=role,
        limit=limit,
        replace=replace,
        pool=pool,
        kept=kept,
        picks=[by_id[c.id] for c in picks],
        pool_spread=spread(everyone),
        proposal_spread=spread([*keep_candidates, *picks], pool=everyone),
        first_come_spread=spread([*keep_candidates, *baseline], pool=everyone),
    )


@transaction.atomic
def selection_apply(
    *, cohort: Cohort, role: str, application_ids: list[int], actor, replace: bool = False
) -> list[Participant]:
    """Put the given accepted applicants into the class for ``role``; return who was added.

    Without ``replace`` they fill open places next to the people already in the class; with
    ``replace`` the class becomes exactly them (the others go back to the pool). Refused as a
    whole, with nothing changed, if any of them can't join or the class would pass its limit.
    """
    _check_role(cohort, role)
    cohort = _lock(cohort)
    _check_status(cohort, (CohortStatus.SELECTING,), "apply a proposed class")
    wanted = list(dict.fromkeys(int(pk) for pk in application_ids))
    if not wanted:
        raise ValidationError("The proposal is empty: accept some applicants first.")
    applications = {
        a.pk: a
        for a in Application.objects.filter(pk__in=wanted, program=cohort.program_id).select_related(
            "employee"
        )
    }
    missing = [pk for pk in wanted if pk not in applications]
    if missing:
        raise ValidationError("Some of the proposed people are not applicants to this program.")
    current = list(class_members(cohort=cohort, role=role))
    current_ids = {p.application_id for p in current}
    if replace:
        leaving = [p for p in current if p.application_id not in applications]
        _delete(leaving)
        staying = len(current) - len(leaving)
        joining = [applications[pk] for pk in wanted if pk not in current_ids]
    else:
        staying = len(current)
        joining = [applications[pk] for pk in wanted]
    limit = cohort.limit_for(role)
    if staying + len(joining) > limit:
        raise ValidationError(
            f"That would make {staying + len(joining)} {_plural(role)} in a class of {limit}. "
            "Propose again: the class changed since the proposal was made."
        )
    for application in joining:
        _check_can_join(cohort, application, role)
    joined = [_join(cohort, application, actor) for application in joining]
    audit_record(
        cohort.program.organization,
        AuditAction.SELECTION_APPLY,
        target=cohort,
        label=f"{cohort.program.name} · {cohort.name}",
        changes=[f"{_plural(role)} added: {len(joined)}"]
        + ([f"{_plural(role)} removed: {len(leaving)}"] if replace else []),
        actor=actor,
    )
    return joined


@transaction.atomic
def participant_add(*, cohort: Cohort, application: Application, actor) -> Participant:
    """Add one accepted applicant to the class by hand; refused when the class is full.

    In a class that already started the person is told they have a place (while the class is
    being chosen they are told when it starts).
    """
    cohort = _lock(cohort)
    _check_status(cohort, (CohortStatus.SELECTING, CohortStatus.ACTIVE), "add people")
    application = Application.objects.select_related("employee__user", "user").get(pk=application.pk)
    _check_can_join(cohort, application)
    selected = _selected_count(cohort, application.role)
    if selected >= cohort.limit_for(application.role):
        raise ValidationError(class_full_message(cohort, application.role, selected))
    participant = _join(cohort, application, actor)
    if cohort.status == CohortStatus.ACTIVE:
        application.program = cohort.program
        notify(cohort.program.organization, class_placed_message(cohort, application))
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, actor) -> None:
    """Take someone out of the class while it is being chosen; they go back to the pool.

    Once the cohort is active, people leave by withdrawing instead, which keeps the record.
    """
    cohort = _lock(participant.cohort)
    if cohort.status != CohortStatus.SELECTING:
        raise ValidationError(
            "The cohort has started: mark the person as withdrawn instead of removing them."
        )
    if participant.status != ParticipantStatus.SELECTED:
        raise ValidationError("This person is no longer in the class.")
    _delete(Participant.objects.filter(pk=participant.pk).select_related("employee"))


@transaction.atomic
def participant_withdraw(
    *, participant: Participant, actor, now: datetime.datetime | None = None
) -> Participant:
    """Record that someone left the class; their application becomes withdrawn too.

    Their place opens for the next person on the waitlist (``waitlist_promote``).
    """
    now = now or timezone.now()
    cohort = _lock(participant.cohort)
    _check_status(cohort, (CohortStatus.SELECTING, CohortStatus.ACTIVE), "record a withdrawal")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.status != ParticipantStatus.SELECTED:
        raise ValidationError("This person has already withdrawn.")
    participant.status = ParticipantStatus.WITHDRAWN
    participant.withdrawn_at = now
    participant.withdrawn_by = actor
    participant.save(update_fields=["status", "withdrawn_at", "withdrawn_by"])
    # The manager records a withdrawal the applicant told them about, so this is not the
    # applicant's own application_withdraw (which only the applicant may call).
    Application.objects.filter(pk=participant.application_id).exclude(
        status=ApplicationStatus.WITHDRAWN
    ).update(status=ApplicationStatus.WITHDRAWN, withdrawn_at=now, updated_at=now)
    return participant


@transaction.atomic
def waitlist_promote(*, cohort: Cohort, role: str, actor) -> Participant:
    """Accept the earliest waitlisted applicant for ``role`` and put them in the class.

    Refused when the class is full or nobody is waiting. The applicant is told a place opened
    for them (one message, not also the plain acceptance), in the same transaction.
    """
    _check_role(cohort, role)
    cohort = _lock(cohort)
    _check_status(cohort, (CohortStatus.SELECTING, CohortStatus.ACTIVE), "promote from the waitlist")
    selected = _selected_count(cohort, role)
    if selected >= cohort.limit_for(role):
        raise ValidationError(class_full_message(cohort, role, selected))
    application = waitlist(cohort=cohort, role=role).select_for_update().first()
    if application is None:
        raise ValidationError(f"Nobody is on the waitlist for {_plural(role)}.")
    application = application_decide(
        application=application, decision=ApplicationStatus.ACCEPTED, actor=actor, tell=False
    )
    participant = _join(cohort, application, actor)
    audit_record(
        cohort.program.organization,
        AuditAction.WAITLIST_PROMOTE,
        target=participant,
        label=f"{application.employee.name} · {cohort.program.name} · {cohort.name}",
        changes=[f"role: {role}"],
        actor=actor,
    )
    now = timezone.now()
    row = notify(cohort.program.organization, waitlist_promoted_message(cohort, application), now=now)
    mark_told(application, row, status=ApplicationStatus.ACCEPTED, now=now)
    return participant


@transaction.atomic
def cohort_activate(
    *, cohort: Cohort, actor, now: datetime.datetime | None = None, close_applications_early: bool = False
) -> Cohort:
    """Start the cohort: the class is set, and the program becomes active.

    Everyone in the class is told they have a place; accepted people without one go on the
    waiting list and are told so (each once: the messages are keyed per application). Needs at
    least one mentee in the class. While the advertised application window still runs, the
    manager must say they close it early (``close_applications_early``); otherwise nothing
    changes. A program still taking applications is moved to selecting first; both steps go
    through ``program_transition``, which checks its own rules. What this will do is shown
    beforehand by ``cohorts.start.cohort_start_plan``.
    """
    now = now or timezone.now()
    cohort = _lock(cohort)
    _check_status(cohort, (CohortStatus.SELECTING,), "start it")
    lead = cohort.program.roles[0]
    if not _selected_count(cohort, lead):
        raise ValidationError(f"Select at least one {lead} before starting the cohort.")
    if problem := early_close_problem(cohort, now, close_applications_early=close_applications_early):
        raise ValidationError({"close_applications_early": problem})
    # The cohort starts first, so the program's own rules see a class that is no longer being
    # chosen (programs may not start by themselves while their class is: cohorts/program_steps.py).
    cohort.status = CohortStatus.ACTIVE
    cohort.activated_at = now
    cohort.save(update_fields=["status", "activated_at"])
    program = cohort.program
    if program.status == ProgramStatus.APPLICATIONS_OPEN:
        program = program_transition(program=program, to_status=ProgramStatus.SELECTING, actor=actor, now=now)
    if program.status == ProgramStatus.SELECTING:
        program_transition(program=program, to_status=ProgramStatus.ACTIVE, actor=actor, now=now)
    elif program.status != ProgramStatus.ACTIVE:
        raise ValidationError(f"{program.name} is {program.get_status_display().lower()}; it can't start.")
    _waitlist_those_left_out(cohort, actor, now)
    placed = list(
        Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED)
        .select_related("application__user", "employee__user")
        .order_by("pk")
    )
    notify_many(cohort.program.organization, class_placed_messages(cohort, placed), now=now)
    audit_record(
        cohort.program.organization,
        AuditAction.COHORT_START,
        target=cohort,
        label=f"{cohort.program.name} · {cohort.name}",
        changes=["status: selecting → active", f"placed: {len(placed)}"]
        + (["applications closed early"] if close_applications_early else []),
        actor=actor,
        at=now,
    )
    return cohort


@transaction.atomic
def cohort_complete(*, cohort: Cohort, actor, now: datetime.datetime | None = None) -> Cohort:
    """Close the cohort at the end of its year, and complete its program with it.

    Only an active cohort completes. Its participants then no longer count as "in an active
    cohort" for eligibility, so they can apply to next year's program; its pairs, meetings and
    goal plans stay as they are, as the year's record.
    """
    now = now or timezone.now()
    cohort = _lock(cohort)
    _check_status(cohort, (CohortStatus.ACTIVE,), "complete it")
    cohort.status = CohortStatus.COMPLETED
    cohort.save(update_fields=["status"])
    if cohort.program.status == ProgramStatus.ACTIVE:
        program_transition(program=cohort.program, to_status=ProgramStatus.COMPLETED, actor=actor, now=now)
    return cohort


def _waitlist_those_left_out(cohort: Cohort, actor, now: datetime.datetime) -> None:
    """Accepted applicants who did not get a place go on the waiting list, and are told so.

    "Accepted" means "in the pool" while the class is chosen; once the cohort starts it means
    "in the class", so nobody reads "you're in" without a place. The waiting list is where a
    freed place is filled from (``waitlist_promote``).
    """
    in_class = Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED).values(
        "application_id"
    )
    left_out = Application.objects.filter(
        program=cohort.program_id, status=ApplicationStatus.ACCEPTED
    ).exclude(pk__in=in_class)
    for application in left_out.order_by("created_at", "id"):
        application_decide(
            application=application, decision=ApplicationStatus.WAITLISTED, actor=actor, now=now
        )
