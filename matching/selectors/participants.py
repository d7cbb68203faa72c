"""What a participant reads of matching: their published partners (also the trust-profile
partner source) and the shortlists they may rank."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from cohorts.models import CohortStatus, Participant, ParticipantStatus
from matching.models import (
    MatchMode,
    MatchRun,
    Pair,
    PairMember,
    PairStatus,
    RematchRequest,
    RematchStatus,
    RunStatus,
)
from programs.models import ApplicantRole


def current_partner_ids(participant: Participant) -> set[int]:
    """Participants in a current published pair with ``participant``: the partner source that
    ``cohorts/profiles/visibility.py`` asks before showing a trust profile (registered in apps.py).

    Only active pairs and current members count: after a rematch ends a pair, the former
    partners no longer read each other's profiles.
    """
    mine = PairMember.objects.filter(
        participant_id=participant.pk, left_at__isnull=True, pair__status=PairStatus.ACTIVE
    ).values("pair_id")
    return set(
        PairMember.objects.filter(pair_id__in=mine, left_at__isnull=True)
        .exclude(participant_id=participant.pk)
        .values_list("participant_id", flat=True)
    )


@dataclass
class MyPair:
    """One of the signed-in person's current pairs, their place in it, and the others."""

    pair: Pair
    me: PairMember
    partners: list[PairMember]
    open_request: RematchRequest | None


def my_pairs(user) -> list[MyPair]:
    """The person's current published pairs in this organization, with their partners' rows
    (and trust profiles, which the page shows through ``cohorts.profiles.visibility``)."""
    mine = list(
        PairMember.objects.filter(
            participant__employee__user=user, left_at__isnull=True, pair__status=PairStatus.ACTIVE
        )
        .select_related("pair__cohort__program", "participant")
        .order_by("-pair__published_at")
    )
    pair_ids = [m.pair_id for m in mine]
    others: dict[int, list[PairMember]] = defaultdict(list)
    for member in (
        PairMember.objects.filter(pair_id__in=pair_ids, left_at__isnull=True)
        .select_related("participant__employee", "participant__trust_profile")
        .order_by("role", "id")
    ):
        others[member.pair_id].append(member)
    requests = {
        r.pair_id: r
        for r in RematchRequest.objects.filter(
            pair_id__in=pair_ids, participant__employee__user=user, status=RematchStatus.OPEN
        )
    }
    return [
        MyPair(
            pair=m.pair,
            me=m,
            partners=[o for o in others[m.pair_id] if o.pk != m.pk],
            open_request=requests.get(m.pair_id),
        )
        for m in mine
    ]


def my_rankable_participations(user) -> list[Participant]:
    """The person's mentee places in hybrid programs whose cohort is running and whose matches
    are not published yet (for the ranking link): once they are, the shortlist is closed, and
    *My matches* no longer asks anyone to rank."""
    published = MatchRun.objects.filter(status=RunStatus.PUBLISHED).values("cohort_id")
    paired = PairMember.objects.filter(left_at__isnull=True, pair__status=PairStatus.ACTIVE).values(
        "participant_id"
    )
    return list(
        Participant.objects.filter(
            employee__user=user,
            role=ApplicantRole.MENTEE,
            status=ParticipantStatus.SELECTED,
            cohort__status=CohortStatus.ACTIVE,
            cohort__program__match_settings__mode=MatchMode.HYBRID,
        )
        .exclude(cohort_id__in=published)
        .exclude(pk__in=paired)
        .select_related("cohort__program__match_settings")
    )


def my_waiting_participations(user) -> list[Participant]:
    """The person's places in running cohorts whose matches are published but who have no
    pair: they are waiting for a later run, not for the publication."""
    published = MatchRun.objects.filter(status=RunStatus.PUBLISHED).values("cohort_id")
    paired = PairMember.objects.filter(left_at__isnull=True, pair__status=PairStatus.ACTIVE).values(
        "participant_id"
    )
    return list(
        Participant.objects.filter(
            employee__user=user,
            status=ParticipantStatus.SELECTED,
            cohort__status=CohortStatus.ACTIVE,
            cohort_id__in=published,
        )
        .exclude(pk__in=paired)
        .select_related("cohort__program")
    )
