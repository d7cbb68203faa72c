"""Publishing a run: its proposals become the cohort's pairs, and the people are told.

Publishing is one transaction. It locks the cohort row, then the run and its mentors, checks
that every proposed person is still in the class and unpaired and that no mentor would go
past their capacity (counting the mentees they already have), creates the pairs, marks the run
published and every other draft of the cohort superseded. A failure anywhere leaves nothing.
Each person's "meet your match" message is written to the notification outbox in the same
transaction (one per pair member, keyed by it), so a rollback tells nobody and a worker killed
while sending loses nothing: the dispatcher sends each stored message once.

Why capacity cannot be overrun by two managers at once: every write that adds a mentee to a
mentor (publish here, the rematch services) first takes the cohort's row lock, and counts the
mentor's current mentees only after it has the lock, so the second write sees what the first
committed. The mentee side is also a database constraint (``one_current_pair_per_mentee_or_peer``).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Participant, ParticipantStatus
from matching.inputs import mentor_capacity
from matching.inputs import people as read_people
from matching.models import (
    MatchRun,
    MemberRole,
    Pair,
    PairKind,
    PairMember,
    PairStatus,
    RunStatus,
)
from matching.services.runs import check_cohort_matchable, lock_cohort
from organizations.audit import audit_record
from organizations.models import AuditAction
from organizations.notifications.outbox import Message, notify_many
from organizations.text import join_names
from programs.models import Structure

_KIND = {
    Structure.ONE_TO_ONE: PairKind.ONE_TO_ONE,
    Structure.GROUP: PairKind.GROUP,
    Structure.PEER_CIRCLE: PairKind.PEER_CIRCLE,
}


def _names(participants) -> str:
    return join_names(sorted(p.employee.name for p in participants))


def _current_memberships(participant_ids) -> dict[int, PairMember]:
    return {
        member.participant_id: member
        for member in PairMember.objects.filter(
            participant_id__in=participant_ids, left_at__isnull=True, pair__status=PairStatus.ACTIVE
        ).select_related("pair")
    }


def _check_people(people: dict[int, Participant], cohort_pk: int) -> None:
    gone = [p for p in people.values() if p.status != ParticipantStatus.SELECTED or p.cohort_id != cohort_pk]
    if gone:
        raise ValidationError(
            f"{_names(gone)} left the class after this run was made. Run matching again, then publish."
        )


def _mentor_loads(mentor_ids) -> dict[int, int]:
    """Current mentees per mentor, in published pairs of any shape."""
    mentor_pairs = dict(
        PairMember.objects.filter(
            participant_id__in=mentor_ids,
            role=MemberRole.MENTOR,
            left_at__isnull=True,
            pair__status=PairStatus.ACTIVE,
        ).values_list("pair_id", "participant_id")
    )
    mentees = Counter(
        PairMember.objects.filter(pair_id__in=mentor_pairs, left_at__isnull=True)
        .exclude(role=MemberRole.MENTOR)
        .values_list("pair_id", flat=True)
    )
    loads: dict[int, int] = defaultdict(int)
    for pair_id, mentor_id in mentor_pairs.items():
        loads[mentor_id] += mentees[pair_id]
    return loads


def _publish_pairs(run: MatchRun, actor, now) -> list[Pair]:
    proposals = list(run.proposed_pairs.order_by("mentor_id", "id"))
    if not proposals:
        raise ValidationError("This run proposes no pairs, so there is nothing to publish.")
    program = run.cohort.program
    # Lock the mentors' rows too: a capacity change cannot slip in between the check and the insert.
    mentor_ids = sorted({p.mentor_id for p in proposals})
    mentee_ids = [p.mentee_id for p in proposals]
    people = {
        p.pk: p
        for p in Participant.objects.select_for_update(of=("self",))
        .select_related("employee")
        .filter(pk__in=[*mentor_ids, *mentee_ids])
        .order_by("pk")
    }
    _check_people(people, run.cohort_id)
    paired = [people[pk] for pk in _current_memberships(mentee_ids)]
    if paired:
        raise ValidationError(
            f"{_names(paired)} already {'has' if len(paired) == 1 else 'have'} a published pair. "
            "Run matching again for the people still without one, then publish."
        )
    loads = _mentor_loads(mentor_ids)
    new = Counter(p.mentor_id for p in proposals)
    capacities = {
        person.pk: mentor_capacity(program, person.profile_capacity)
        for person in read_people(Participant.objects.filter(pk__in=mentor_ids))
    }
    for mentor_id in mentor_ids:
        capacity = capacities[mentor_id]
        if loads[mentor_id] + new[mentor_id] > capacity:
            raise ValidationError(
                f"{people[mentor_id].employee.name} takes {capacity} "
                f"mentee{'s' if capacity != 1 else ''} and already has {loads[mentor_id]}; "
                f"this run would give them {new[mentor_id]} more. Run matching again, then publish."
            )

    kind = _KIND[program.structure]
    organization_id = run.organization_id
    members: list[PairMember] = []
    pairs: list[Pair] = []
    if kind == PairKind.GROUP:
        # A mentor who already leads a group takes the new mentees into it.
        existing = {
            member.participant_id: member.pair
            for member in _current_memberships(mentor_ids).values()
            if member.role == MemberRole.MENTOR and member.pair.kind == PairKind.GROUP
        }
        by_mentor: dict[int, list[int]] = defaultdict(list)
        for proposal in proposals:
            by_mentor[proposal.mentor_id].append(proposal.mentee_id)
        fresh = [mentor_id for mentor_id in by_mentor if mentor_id not in existing]
        created = _create_pairs(run, kind, len(fresh), actor, now)
        pairs.extend(created)
        for mentor_id, pair in zip(fresh, created, strict=True):
            members.append(_member(organization_id, pair, mentor_id, MemberRole.MENTOR, now))
            existing[mentor_id] = pair
        for mentor_id, mentees in by_mentor.items():
            members += [
                _member(organization_id, existing[mentor_id], pk, MemberRole.MENTEE, now) for pk in mentees
            ]
    else:
        pairs = _create_pairs(run, kind, len(proposals), actor, now)
        for proposal, pair in zip(proposals, pairs, strict=True):
            members.append(_member(organization_id, pair, proposal.mentor_id, MemberRole.MENTOR, now))
            members.append(_member(organization_id, pair, proposal.mentee_id, MemberRole.MENTEE, now))
    PairMember.objects.bulk_create(members)
    return pairs


def _publish_circles(run: MatchRun, actor, now) -> list[Pair]:
    rows = list(run.circle_members.order_by("circle", "id").values_list("circle", "participant_id"))
    if not rows:
        raise ValidationError("This run proposes no circles, so there is nothing to publish.")
    ids = [pk for _, pk in rows]
    people = {
        p.pk: p
        for p in Participant.objects.select_for_update(of=("self",))
        .select_related("employee")
        .filter(pk__in=ids)
    }
    _check_people(people, run.cohort_id)
    paired = [people[pk] for pk in _current_memberships(ids)]
    if paired:
        raise ValidationError(
            f"{_names(paired)} already {'is' if len(paired) == 1 else 'are'} in a circle. Run matching again."
        )
    circles: dict[int, list[int]] = defaultdict(list)
    for circle, participant_id in rows:
        circles[circle].append(participant_id)
    pairs = _create_pairs(run, PairKind.PEER_CIRCLE, len(circles), actor, now)
    PairMember.objects.bulk_create(
        [
            _member(run.organization_id, pair, participant_id, MemberRole.PEER, now)
            for pair, participant_ids in zip(pairs, circles.values(), strict=True)
            for participant_id in participant_ids
        ]
    )
    return pairs


def _create_pairs(run: MatchRun, kind: str, count: int, actor, now) -> list[Pair]:
    return Pair.objects.bulk_create(
        [
            Pair(
                organization_id=run.organization_id,
                cohort_id=run.cohort_id,
                kind=kind,
                published_at=now,
                published_by=actor,
                match_run=run,
            )
            for _ in range(count)
        ]
    )


def _member(organization_id: int, pair: Pair, participant_id: int, role: str, now) -> PairMember:
    return PairMember(
        organization_id=organization_id, pair=pair, participant_id=participant_id, role=role, joined_at=now
    )


@transaction.atomic
def match_run_publish(*, run: MatchRun, actor) -> list[Pair]:
    """Publish a draft run: create a pair (or group, or circle) for every proposal, mark the run
    published and the cohort's other drafts superseded, and write each person's message.

    Refused — with nothing written — when the run is not a draft, the cohort is not active,
    someone has left the class or got a pair since, or a mentor would pass their capacity.
    Returns the new pairs (a group mentor's new mentees may join their existing group instead).
    """
    cohort = lock_cohort(run.cohort)
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("cohort__program").get(pk=run.pk)
    if run.status == RunStatus.PUBLISHED:
        raise ValidationError(f"Run {run.number} is already published.")
    if run.status == RunStatus.SUPERSEDED:
        raise ValidationError(
            f"Run {run.number} was superseded when another run was published. Run matching again for "
            "the people still without a pair."
        )
    check_cohort_matchable(cohort)
    now = timezone.now()
    pairs = _publish_circles(run, actor, now) if run.is_circles else _publish_pairs(run, actor, now)
    run.status = RunStatus.PUBLISHED
    run.published_at = now
    run.published_by = actor
    run.save(update_fields=["status", "published_at", "published_by"])
    MatchRun.objects.filter(cohort=cohort, status=RunStatus.DRAFT).exclude(pk=run.pk).update(
        status=RunStatus.SUPERSEDED
    )
    notify_many(run.cohort.program.organization, _new_pair_messages(cohort.pk, run, now), now=now)
    audit_record(
        cohort.organization,
        AuditAction.MATCH_PUBLISH,
        target=run,
        label=f"{cohort.program.name} · {cohort.name} · run {run.number}",
        changes=[f"pairs: {len(pairs)}"],
        actor=actor,
        at=now,
    )
    return pairs


def _partners_line(member: PairMember, others: list[PairMember]) -> str:
    kind = member.pair.kind
    if kind == PairKind.PEER_CIRCLE:
        return f"Your peer circle: {_names([o.participant for o in others])}."
    if member.role == MemberRole.MENTOR:
        mentees = [o.participant for o in others if o.role == MemberRole.MENTEE]
        noun = "mentee" if len(mentees) == 1 else "mentees"
        return f"Your {noun}: {_names(mentees)}."
    mentor = next(o.participant for o in others if o.role == MemberRole.MENTOR)
    line = f"Your mentor: {mentor.employee.name} ({mentor.employee.department})."
    if kind == PairKind.GROUP:
        peers = [o.participant for o in others if o.role == MemberRole.MENTEE]
        if peers:
            line += f" In the group with you: {_names(peers)}."
    return line


def _mentor_line(kind: str, mentees: list[Participant]) -> str:
    if kind == PairKind.GROUP:
        return f"Your group: {_names(mentees)}."
    noun = "mentee" if len(mentees) == 1 else "mentees"
    return f"Your {noun}: {_names(mentees)}."


def _subject(program_name: str, kind: str, grown: bool) -> str:
    if kind == PairKind.GROUP:
        return f"{program_name}: your group {'has grown' if grown else 'is ready'}"
    if kind == PairKind.PEER_CIRCLE:
        return f"{program_name}: meet your circle"
    return f"{program_name}: meet your match"


def _new_pair_messages(cohort_id: int, run: MatchRun, now) -> list[Message]:
    """One message per person with news from this publish: everyone in the cohort's pairs who
    was not told of their pair yet (``PairMember.notified_at``), and a group's mentor whose
    group this run adds to. A mentor with several new mentees (or pairs) hears once, naming
    them all: one email per person per publish, never one per pair.

    Keyed by the run and the person (``published:<run>:<participant>``), so a repeated publish
    tells nobody twice; marks the members told. Two queries, whatever the number of pairs.
    """
    members = list(
        PairMember.objects.filter(
            pair__cohort_id=cohort_id, pair__status=PairStatus.ACTIVE, left_at__isnull=True
        )
        .select_related("pair__cohort__program__organization", "participant__employee__user")
        .order_by("pair_id", "id")
    )
    by_pair: dict[int, list[PairMember]] = defaultdict(list)
    for member in members:
        by_pair[member.pair_id].append(member)
    new_pairs = {member.pair_id for member in members if member.notified_at is None}
    news: dict[int, list[PairMember]] = defaultdict(list)  # participant → their pairs with news
    told: list[int] = []
    for member in members:
        if member.notified_at is None:
            told.append(member.pk)
        elif not (member.pair_id in new_pairs and member.role == MemberRole.MENTOR):
            continue  # nothing new for them: their group did not change
        news[member.participant_id].append(member)
    messages: list[Message] = []
    for participant_id, mine in news.items():
        member = mine[0]
        program = member.pair.cohort.program
        organization = program.organization
        employee = member.participant.employee
        kind = member.pair.kind
        grown = all(m.notified_at is not None for m in mine)
        if member.role == MemberRole.MENTOR:
            mentees = [o.participant for m in mine for o in by_pair[m.pair_id] if o.role == MemberRole.MENTEE]
            partners = _mentor_line(kind, mentees)
        else:
            partners = _partners_line(member, [o for o in by_pair[member.pair_id] if o.pk != member.pk])
        messages.append(
            Message(
                kind="pair_published",
                key=f"published:{run.pk}:{participant_id}",
                subject=_subject(program.name, kind, grown),
                context={
                    "name": employee.name,
                    "program": program,
                    "partners": partners,
                    "grown": grown,
                    "group": kind == PairKind.GROUP,
                },
                user=employee.user,
                email="" if employee.user else employee.email,
                employee=employee,
                link=reverse("matching:mine", kwargs={"org_slug": organization.slug}),
            )
        )
    if told:
        PairMember.objects.filter(pk__in=told).update(notified_at=now)
    return messages


def published_words(run: MatchRun) -> str:
    """What publishing ``run`` makes, counted the way its structure speaks: "3 pairs (6
    people)", "2 groups (7 people)", "2 circles (7 people)" (``run_counts``)."""
    return counted_words(run.structure, *run_counts(run))


def run_counts(run: MatchRun) -> tuple[int, int]:
    """(pairs, groups or circles; people) a run proposes. One query."""
    if run.is_circles:
        circles = list(run.circle_members.values_list("circle", flat=True))
        return len(set(circles)), len(circles)
    mentors = list(run.proposed_pairs.values_list("mentor_id", flat=True))
    if run.structure == Structure.GROUP:
        return len(set(mentors)), len(mentors) + len(set(mentors))
    return len(mentors), len(mentors) + len(set(mentors))


def counted_words(structure: str, count: int, people: int) -> str:
    noun = {Structure.GROUP: "group", Structure.PEER_CIRCLE: "circle"}.get(structure, "pair")
    return f"{count} {noun}{'s' if count != 1 else ''} ({people} {'person' if people == 1 else 'people'})"
