"""Writes to applications: apply, withdraw, decide (singly and in bulk), override eligibility.

A decision writes the applicant's message to the notification outbox in the same transaction
(``programs/services/notifications.py``), so a rolled-back decision tells nobody and a
committed one is sent even when the broker is down.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from organizations.audit import audit_record
from organizations.clock import organization_today, organization_tz
from organizations.models import AuditAction
from organizations.roster.links import employee_link_for_user
from programs.eligibility import eligibility_context, evaluate_eligibility
from programs.models import (
    ApplicantRole,
    Application,
    ApplicationStatus,
    Program,
    ProgramStatus,
)
from programs.services.notifications import application_decision_notify
from programs.window import WindowState, application_window

DECISIONS = (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED)
WITHDRAWABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED)
# Decisions continue while the program runs (a waitlisted person may replace a leaver).
DECIDABLE_PROGRAM_STATUSES = (ProgramStatus.APPLICATIONS_OPEN, ProgramStatus.SELECTING, ProgramStatus.ACTIVE)
OVERRIDE_REASON_MIN_LENGTH = 10

NO_ROSTER_RECORD = (
    "We can't find you in the HR roster of {organization}, so we can't check whether you are "
    "eligible. Ask your HR team to add you to the roster with the email address you sign in with "
    "({email}), then apply again. Nothing was saved."
)


def _local(moment: datetime.datetime, program: Program) -> str:
    local = moment.astimezone(organization_tz(program.organization))
    return f"{formats.date_format(local, 'j F Y, H:i')} ({program.organization.timezone})"


def _check_window(program: Program, now: datetime.datetime) -> None:
    window = application_window(program, now)
    if window.state == WindowState.OPEN:
        return
    if window.state == WindowState.SCHEDULED:
        raise ValidationError(
            f"Applications for {program.name} open on {_local(program.applications_open_at, program)}.",
            code="closed",
        )
    if window.state == WindowState.ENDED:
        raise ValidationError(
            f"Applications for {program.name} closed on {_local(program.applications_close_at, program)}.",
            code="closed",
        )
    raise ValidationError(f"{program.name} is not taking applications.", code="closed")


def _check_answers(program: Program, role: str, motivation: str, learning_goals: str, offer: str) -> None:
    errors = {}
    if role not in program.roles:
        errors["role"] = (
            f"{program.name} is a peer-circle program: everyone applies as a peer."
            if program.is_peer_circles
            else "Choose whether you apply as a mentee or as a mentor."
        )
    if not motivation.strip():
        errors["motivation"] = "Tell us why you want to take part."
    if role in (ApplicantRole.MENTEE, ApplicantRole.PEER) and not learning_goals.strip():
        errors["learning_goals"] = "Tell us what you want to learn."
    if role == ApplicantRole.MENTOR and not offer.strip():
        errors["offer"] = "Tell us what you can offer a mentee."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_submit(
    *,
    program: Program,
    user,
    role: str,
    motivation: str,
    learning_goals: str = "",
    offer: str = "",
    now: datetime.datetime | None = None,
) -> Application:
    """Apply to ``program`` as ``role``; eligibility is evaluated against the roster right now.

    An eligible application is stored as submitted; an ineligible one is stored as
    ineligible with every failing rule, so the person sees each reason. Refused with nothing
    stored: outside the application window, without a roster record, or when the person
    already has an application to this program (one that was withdrawn is reopened instead).
    """
    now = now or timezone.now()
    organization = program.organization
    _check_window(program, now)
    _check_answers(program, role, motivation, learning_goals, offer)
    employee = employee_link_for_user(organization=organization, user=user)
    if employee is None:
        raise ValidationError(
            NO_ROSTER_RECORD.format(organization=organization.name, email=user.email), code="no_roster_record"
        )
    existing = Application.objects.select_for_update().filter(program=program, employee=employee).first()
    if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
        raise ValidationError(
            f"You already applied to {program.name} as a {existing.get_role_display().lower()} on "
            f"{formats.date_format(existing.created_at, 'j F Y')}; one application per program.",
            code="duplicate",
        )
    as_of = organization_today(organization, now)
    failures = evaluate_eligibility(
        rules=program.eligibility_rules.filter(applies_to=role),
        employee=employee,
        as_of=as_of,
        context=eligibility_context(organization, [employee]),
    )
    application = existing or Application(organization=organization, program=program, employee=employee)
    application.user = user
    application.role = role
    application.motivation = motivation.strip()
    # Peers say what they want to learn and, if they like, what they bring to their circle.
    application.learning_goals = learning_goals.strip() if role != ApplicantRole.MENTOR else ""
    application.offer = offer.strip() if role != ApplicantRole.MENTEE else ""
    application.status = ApplicationStatus.INELIGIBLE if failures else ApplicationStatus.SUBMITTED
    application.eligible = not failures
    application.eligibility_failures = [failure.as_dict() for failure in failures]
    application.evaluated_on = as_of
    application.override_reason = ""
    application.overridden_by = application.decided_by = None
    application.overridden_at = application.decided_at = application.withdrawn_at = None
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Two submissions raced; the constraint kept one.
        raise ValidationError(f"You already applied to {program.name}.", code="duplicate") from None
    return application


@transaction.atomic
def application_withdraw(
    *, application: Application, actor, now: datetime.datetime | None = None
) -> Application:
    """The applicant takes their application back (while submitted, accepted or waitlisted)."""
    if actor is None or actor.pk not in (application.user_id, application.employee.user_id):
        raise ValidationError("Only the applicant can withdraw an application.")
    if application.status not in WITHDRAWABLE:
        raise ValidationError(
            f"An application that is “{application.get_status_display()}” can't be withdrawn."
        )
    if application.program.status == ProgramStatus.COMPLETED:
        raise ValidationError("The program is completed; there is nothing left to withdraw from.")
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = now or timezone.now()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return application


def _decide(
    application: Application, decision: str, actor, now: datetime.datetime, *, tell: bool = True
) -> Application:
    name = application.employee.name
    if decision not in DECISIONS:
        raise ValidationError("Choose accept, waitlist or decline.")
    if application.program.status not in DECIDABLE_PROGRAM_STATUSES:
        raise ValidationError(
            f"Decisions are made while a program takes applications, selects or runs; "
            f"this one is “{application.program.get_status_display()}”."
        )
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(f"{name} withdrew their application.")
    if application.status == decision:
        raise ValidationError(f"{name} is already {application.get_status_display().lower()}.")
    if application.status == ApplicationStatus.INELIGIBLE and decision != ApplicationStatus.DECLINED:
        raise ValidationError(
            f"{name} does not meet the eligibility rules; override with a written reason before "
            f"{'accepting' if decision == ApplicationStatus.ACCEPTED else 'waitlisting'}."
        )
    application.status = decision
    application.decided_by = actor
    application.decided_at = now
    application.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        application.organization,
        AuditAction.APPLICATION_DECISION,
        target=application,
        label=f"{name} · {application.program.name}",
        changes=[f"status: {decision}"],
        actor=actor,
        at=now,
    )
    if tell:
        application_decision_notify(application=application, now=now)
    return application


@transaction.atomic
def application_decide(
    *,
    application: Application,
    decision: str,
    actor,
    now: datetime.datetime | None = None,
    tell: bool = True,
) -> Application:
    """Accept, waitlist or decline one application; the applicant's message is written with it.

    Ineligible applications can only be declined until a manager overrides them with a reason.
    ``tell=False`` is for a caller that writes its own message instead (a promotion from the
    waiting list is told as such, not as a plain acceptance).
    """
    locked = (
        Application.objects.select_for_update().select_related("program", "employee").get(pk=application.pk)
    )
    return _decide(locked, decision, actor, now or timezone.now(), tell=tell)


@dataclass
class BulkDecisionResult:
    changed: list[Application] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (who, why)


@transaction.atomic
def application_decide_bulk(
    *,
    program: Program,
    application_ids: list[int],
    decision: str,
    actor,
    now: datetime.datetime | None = None,
) -> BulkDecisionResult:
    """Apply one decision to many applications of ``program``.

    Each row that can change does; each that cannot is reported with the reason, and the
    others still go through. The whole batch is one transaction, so an unexpected error
    leaves every row as it was.
    """
    now = now or timezone.now()
    result = BulkDecisionResult()
    wanted = list(dict.fromkeys(int(pk) for pk in application_ids))
    if not wanted:
        raise ValidationError("Tick at least one application first.")
    found = {
        application.pk: application
        for application in program.applications.select_for_update()
        .select_related("employee")
        .filter(pk__in=wanted)
    }
    for pk in wanted:
        application = found.get(pk)
        if application is None:
            result.refused.append((f"Application {pk}", "is not an application to this program."))
            continue
        application.program = program
        try:
            with transaction.atomic():
                result.changed.append(_decide(application, decision, actor, now))
        except ValidationError as error:
            result.refused.append((application.employee.name, " ".join(error.messages)))
    return result


@transaction.atomic
def application_override(
    *, application: Application, reason: str, actor, now: datetime.datetime | None = None
) -> Application:
    """Let an ineligible applicant be considered after all, with a written reason.

    Records who overrode and when; the application becomes "submitted" again (its failed
    rules stay on record), so the manager can then accept, waitlist or decline it.
    """
    reason = (reason or "").strip()
    if len(reason) < OVERRIDE_REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": "Write why the rules should not apply to this person "
                "(a sentence, at least 10 characters)."
            }
        )
    application = Application.objects.select_for_update().select_related("program").get(pk=application.pk)
    if application.status != ApplicationStatus.INELIGIBLE:
        raise ValidationError("Only applications marked “Not eligible” can be overridden.")
    if application.program.status not in DECIDABLE_PROGRAM_STATUSES:
        raise ValidationError("This program no longer takes decisions.")
    application.status = ApplicationStatus.SUBMITTED
    application.override_reason = reason
    application.overridden_by = actor
    application.overridden_at = now or timezone.now()
    application.save(
        update_fields=["status", "override_reason", "overridden_by", "overridden_at", "updated_at"]
    )
    # The reason's words stay on the application (managers and admins read it there), never here.
    audit_record(
        application.organization,
        AuditAction.ELIGIBILITY_OVERRIDE,
        target=application,
        label=f"{application.employee.name} · {application.program.name}",
        changes=["status: ineligible → submitted", "override_reason"],
        actor=actor,
        at=application.overridden_at,
    )
    return application
