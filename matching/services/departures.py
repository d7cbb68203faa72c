"""A member the identity provider deactivated leaves their pairs (``organizations.departures``).

Registered from ``MatchingConfig.ready()``; runs in the deactivation's transaction. For each
current pair of the person, they leave it as a resolved rematch would have them leave
(``rematch._leave``): a one-to-one pair ends, a group goes on without a mentee who leaves and
ends without its mentor, a circle ends below two people. History is kept: the pair becomes
``ended`` with ``ended_at`` and each member's ``left_at``; goals and meetings stay attached.
Open rematch requests on an ended pair are resolved with it.

Each remaining member of a pair that ended is told through the outbox, and offered a rematch:
they are now without a pair, so the cohort's next run takes them (the managers' overview
says so). The message never says why the person left. The person is withdrawn from the
classes they were in (their participation keeps its dates for analytics); the roster is not
touched.
"""

import datetime

from django.urls import reverse

from cohorts.models import CohortStatus, Participant, ParticipantStatus
from cohorts.services import participant_withdraw
from matching.models import Pair, PairMember, PairStatus, RematchOutcome, RematchRequest, RematchStatus
from matching.services.rematch import _leave
from matching.services.runs import lock_cohort
from organizations.models import Organization
from organizations.notifications.outbox import Message, notify_many

KIND = "pair_ended_member_left"


def pairs_end_for_departed_member(
    *, organization: Organization, user, actor, now: datetime.datetime
) -> list[str]:
    """End or leave ``user``'s current pairs in ``organization``, tell the partners, withdraw
    them from their classes; the outcome in a few words for the audit log."""
    leaving = list(
        PairMember.objects.filter(
            organization=organization,
            participant__employee__user=user,
            left_at__isnull=True,
            pair__status=PairStatus.ACTIVE,
        )
        .select_related("pair__cohort", "participant__employee")
        .order_by("pair__cohort_id", "pair_id")
    )
    ended, left = 0, 0
    messages: list[Message] = []
    for member in leaving:
        lock_cohort(member.pair.cohort)
        pair = (
            Pair.objects.select_for_update(of=("self",))
            .select_related("cohort__program")
            .get(pk=member.pair_id)
        )
        others = list(
            PairMember.objects.filter(pair=pair, left_at__isnull=True)
            .exclude(pk=member.pk)
            .select_related("participant__employee__user")
        )
        _leave(pair, member, now)
        if pair.status != PairStatus.ENDED:
            left += 1
            continue
        ended += 1
        RematchRequest.objects.filter(pair=pair, status=RematchStatus.OPEN).update(
            status=RematchStatus.RESOLVED, outcome=RematchOutcome.ENDED, resolved_at=now
        )
        messages += [_partner_message(organization, pair, other, member) for other in others]
    notify_many(organization, messages, now=now)
    withdrawn = 0
    participants = Participant.objects.filter(
        organization=organization,
        employee__user=user,
        status=ParticipantStatus.SELECTED,
        cohort__status__in=(CohortStatus.SELECTING, CohortStatus.ACTIVE),
    ).select_related("cohort")
    for participant in participants:
        # The actor is the identity provider's token, not a person: nobody is named.
        participant_withdraw(participant=participant, actor=None, now=now)
        withdrawn += 1
    return [f"pairs ended: {ended}", f"groups left: {left}", f"classes withdrawn: {withdrawn}"]


def _partner_message(
    organization: Organization, pair: Pair, partner: PairMember, leaving: PairMember
) -> Message:
    employee = partner.participant.employee
    program = pair.cohort.program
    return Message(
        kind=KIND,
        key=f"pair:{pair.pk}:ended",
        subject=f"{program.name}: your mentoring pair has ended",
        context={
            "name": employee.name,
            "program": program,
            "cohort": pair.cohort,
            "partner": leaving.participant.employee.name,
        },
        user=employee.user,
        email="" if employee.user else employee.email,
        employee=employee,
        link=reverse("matching:mine", kwargs={"org_slug": organization.slug}),
    )
