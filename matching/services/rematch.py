"""Rematches: a participant asks privately to leave their pair; a manager resolves it.

PRIVACY: a request and its reason are read by the person who asked and by the program's
managers only. The partner is never told who asked or why; when the pair ends they see that
it ended, nothing more. Nothing here emails the partner.

Ending a pair keeps its history: the pair's status becomes ended and each leaving member gets
``left_at``; goals and meetings stay attached to it. The people affected are then free for the
next run of the cohort, which takes only those without a pair (and mentors with places left)
and never proposes the ended pairing again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Participant
from matching.models import (
    MemberRole,
    Pair,
    PairKind,
    PairMember,
    PairStatus,
    RematchOutcome,
    RematchRequest,
    RematchStatus,
)
from matching.services.runs import lock_cohort
from organizations.audit import audit_record
from organizations.models import AuditAction

REASON_MAX_LENGTH = 2000


@transaction.atomic
def rematch_request_create(
    *, pair: Pair, participant: Participant, actor, reason: str = ""
) -> RematchRequest:
    """Ask, privately and without fault, to leave ``pair``; return the open request.

    Only the participant themselves may ask (``PermissionDenied`` otherwise), while they are a
    current member of the active pair. Asking again while a request is open is refused with a
    message saying it is already with the program team.
    """
    if actor is None or participant.employee.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the person in the pair can ask for their own rematch.")
    lock_cohort(pair.cohort)
    pair = Pair.objects.select_for_update(of=("self",)).get(pk=pair.pk)
    if (
        pair.status != PairStatus.ACTIVE
        or not PairMember.objects.filter(pair=pair, participant=participant, left_at__isnull=True).exists()
    ):
        raise ValidationError("You are no longer in this pair, so there is nothing to rematch.")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": f"Keep it under {REASON_MAX_LENGTH} characters (it has {len(reason)})."}
        )
    if RematchRequest.objects.filter(pair=pair, participant=participant, status=RematchStatus.OPEN).exists():
        raise ValidationError(
            "You have already asked; the program team has your request and will be in touch."
        )
    return RematchRequest.objects.create(
        organization_id=pair.organization_id,
        cohort_id=pair.cohort_id,
        pair=pair,
        participant=participant,
        reason=reason,
    )


def _leave(pair: Pair, leaving: PairMember, now) -> None:
    """End ``leaving``'s place in the pair, and the pair itself when it no longer holds.

    One-to-one: the pair ends. Group: a mentee leaves the group; the group ends when its mentor
    leaves or no mentee is left. Circle: the person leaves; it ends below two people.
    """
    current = list(PairMember.objects.select_for_update().filter(pair=pair, left_at__isnull=True))
    ends = (
        pair.kind == PairKind.ONE_TO_ONE
        or leaving.role == MemberRole.MENTOR
        or (
            pair.kind == PairKind.GROUP
            and not any(m.role == MemberRole.MENTEE and m.pk != leaving.pk for m in current)
        )
        or (pair.kind == PairKind.PEER_CIRCLE and len(current) - 1 < 2)
    )
    leavers = current if ends else [m for m in current if m.pk == leaving.pk]
    PairMember.objects.filter(pk__in=[m.pk for m in leavers]).update(left_at=now)
    if ends:
        pair.status = PairStatus.ENDED
        pair.ended_at = now
        pair.save(update_fields=["status", "ended_at"])


@transaction.atomic
def rematch_resolve(*, request: RematchRequest, actor, end_pair: bool) -> RematchRequest:
    """Resolve a rematch request: end the pair (``end_pair``) or keep it after talking it through.

    Ending follows ``_leave``; the pair's other open requests are resolved with it, since they
    asked for the same thing. Refused for a request already resolved. History is kept.
    """
    lock_cohort(request.cohort)
    request = RematchRequest.objects.select_for_update(of=("self",)).select_related("pair").get(pk=request.pk)
    if request.status != RematchStatus.OPEN:
        raise ValidationError("This request is already resolved.")
    now = timezone.now()
    resolved = [request.pk]
    if end_pair:
        pair = Pair.objects.select_for_update(of=("self",)).get(pk=request.pair_id)
        leaving = PairMember.objects.filter(
            pair=pair, participant_id=request.participant_id, left_at__isnull=True
        ).first()
        if pair.status == PairStatus.ACTIVE and leaving is not None:
            _leave(pair, leaving, now)
        if pair.status == PairStatus.ENDED:
            resolved = list(
                RematchRequest.objects.filter(pair=pair, status=RematchStatus.OPEN).values_list(
                    "pk", flat=True
                )
            )
    RematchRequest.objects.filter(pk__in=resolved).update(
        status=RematchStatus.RESOLVED,
        outcome=RematchOutcome.ENDED if end_pair else RematchOutcome.KEPT,
        resolved_by=actor,
        resolved_at=now,
    )
    request.refresh_from_db()
    audit_record(
        request.cohort.organization,
        AuditAction.REMATCH,
        target=request,
        label=f"{request.participant.employee.name} · {request.cohort.name}",
        changes=["pair ended" if end_pair else "pair kept"],
        actor=actor,
        at=now,
    )
    return request
