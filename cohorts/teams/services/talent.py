"""Talent flags: council members and managers put a mentee in the talent pool HR sees.

Privacy (docs/privacy.md): the flag and its note are for HR analysts, admins, managers and
council members; the flagged person sees that they were flagged, never the note.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cohorts.models import Participant, ParticipantStatus
from cohorts.teams import access
from cohorts.teams.models import Readiness, TalentFlag
from cohorts.teams.services.text import clean_text
from organizations.audit import audit_record
from organizations.models import AuditAction
from programs.models import ApplicantRole


@transaction.atomic
def talent_flag(*, actor, participant: Participant, readiness: str, note: str = "") -> TalentFlag:
    """Flag ``participant`` (a selected mentee) with a readiness level and a note; flagging the
    same person again updates one's own flag."""
    participant = Participant.objects.select_related("cohort", "employee").get(pk=participant.pk)
    if not access.may_flag_in(actor, participant.cohort):
        raise PermissionDenied("Only the cohort's council members and program managers flag talent.")
    if participant.role != ApplicantRole.MENTEE or participant.status != ParticipantStatus.SELECTED:
        raise ValidationError({"participant": ["Flag a mentee of the class."]})
    if participant.employee.user_id is not None and participant.employee.user_id == actor.pk:
        raise ValidationError({"participant": ["You cannot flag yourself."]})
    errors: dict[str, list[str]] = {}
    if readiness not in Readiness.values:
        errors["readiness"] = ["Choose how ready they are."]
    note = clean_text(note, "note", "your note", errors, required=False)
    if errors:
        raise ValidationError(errors)
    flag, _ = TalentFlag.objects.update_or_create(
        participant=participant,
        flagged_by=actor,
        defaults={
            "organization_id": participant.organization_id,
            "cohort": participant.cohort,
            "readiness": readiness,
            "note": note,
        },
    )
    # The readiness level, never the note's words.
    audit_record(
        participant.cohort.organization,
        AuditAction.TALENT_FLAG,
        target=flag,
        label=f"{participant.employee.name} · {participant.cohort.name}",
        changes=[f"readiness: {readiness}"],
        actor=actor,
    )
    return flag


@transaction.atomic
def talent_flag_remove(*, actor, flag: TalentFlag) -> None:
    """Its author or a manager takes a flag back."""
    if flag.flagged_by_id != actor.pk and not access.manages_teams(actor, flag.organization_id):
        raise PermissionDenied("Only whoever flagged them, or a program manager, can remove a flag.")
    audit_record(
        flag.organization,
        AuditAction.TALENT_UNFLAG,
        target=flag,
        label=f"{flag.participant.employee.name} · {flag.cohort.name}",
        actor=actor,
    )
    flag.delete()
