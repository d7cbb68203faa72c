"""Relationship check-ins: a short pulse survey each partner answers some weeks after the pair
is published, then at the program's interval.

The schedule is arithmetic on the publishing date (``checkin_due_on``), so the scan
(``sessions.reminders.checkins``, every few minutes from the morning hour) can recompute it
from scratch; ``(pair, member, round)`` is unique and the invitation's outbox key is per
round, so running it twice, or two workers at once, makes and invites each survey once.
Privacy: the free-text comment goes to cohort managers only.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.models import CohortStatus
from matching.models import Pair, PairMember, PairStatus
from organizations.clock import as_local_day, local_day
from organizations.models import Organization
from organizations.notifications.links import link_by_id
from organizations.notifications.outbox import Message, notify_count
from programs.models import Program
from sessions.models import CheckIn, MentoringSettings
from sessions.reminders.common import Person, to_person
from sessions.services.settings import mentoring_settings_for_programs
from sessions.stored_facts import pair_facts_expire, pairs_changed

COMMENT_LIMIT = 5_000
# A round is made on the day it falls due, or within this many days after (a scan that could
# not run); after that the pair waits for its next round.
CATCH_UP = datetime.timedelta(days=7)


def checkin_due_on(*, published_on: datetime.date, round: int, settings: MentoringSettings) -> datetime.date:
    """The day round ``round`` (1, 2, …) falls due: N weeks after publishing, then every M weeks."""
    weeks = settings.first_checkin_weeks + (round - 1) * settings.checkin_interval_weeks
    return published_on + datetime.timedelta(weeks=weeks)


def latest_due_round(
    *, published_on: datetime.date, today: datetime.date, settings: MentoringSettings, ends_on: datetime.date
) -> int:
    """The most recent round due on or before ``today`` and before the program ends; 0 if none."""
    last_day = min(today, ends_on)
    first = checkin_due_on(published_on=published_on, round=1, settings=settings)
    if last_day < first:
        return 0
    return 1 + (last_day - first).days // (7 * settings.checkin_interval_weeks)


def checkins_create_due(
    *,
    organization: Organization,
    today: datetime.date,
    now: datetime.datetime | None = None,
    kick: bool = True,
) -> list[CheckIn]:
    """Make the check-ins that are due on ``today`` for every current member of every active
    pair of the organization's active cohorts, and invite each partner through the outbox in
    the same transaction (kind ``checkin_invitation``, key ``checkin:<pair>:<round>``).

    Only the latest due round is made, on its day or within ``CATCH_UP`` after: a pair
    published long before the feature existed gets no backlog. Nothing outside the program's
    dates, and nothing for people who have left the roster. A check-in of that round made
    earlier whose invitation was never stored (``emailed_at`` empty, still unanswered) is
    invited now. Returns the check-ins made by this call.

    Queries, whatever the number of pairs: pairs, programs and settings as plain values, then
    (when a round is due) check-ins and members as plain values; only when something is new,
    the partners' roster rows, the insert and one ``notify_many``.
    """
    now = now or timezone.now()
    base = Pair.objects.filter(
        organization=organization,
        status=PairStatus.ACTIVE,
        cohort__status=CohortStatus.ACTIVE,
        cohort__program__start_date__lte=today,
        cohort__program__end_date__gte=today,
    )
    # The publishing day on the organization's calendar, from the database: no moment read
    # and converted per pair.
    rows = list(
        base.annotate(published_day=local_day("published_at", organization))
        .values_list("pk", "published_day", "cohort__program_id")
        .order_by("pk")
    )
    if not rows:
        return []
    programs = {program.pk: program for program in Program.objects.filter(pk__in={row[2] for row in rows})}
    settings_by_program = mentoring_settings_for_programs(programs.values())
    due: dict[int, tuple[int, datetime.date]] = {}  # pair id → (round, due on)
    for pair_id, published_day, program_id in rows:
        program, settings = programs[program_id], settings_by_program[program_id]
        published_on = as_local_day(published_day, organization)
        round = latest_due_round(
            published_on=published_on, today=today, settings=settings, ends_on=program.end_date
        )
        if round:
            due_on = checkin_due_on(published_on=published_on, round=round, settings=settings)
            if due_on >= today - CATCH_UP:
                due[pair_id] = (round, due_on)
    if not due:
        return []
    # First in plain values: which partners still need their check-in, or its invitation.
    existing = {
        (pair_id, member_id, round): (pk, emailed_at, answered_at)
        for pk, pair_id, member_id, round, emailed_at, answered_at in CheckIn.objects.filter(
            pair_id__in=list(due), round__in={round for round, _ in due.values()}
        ).values_list("pk", "pair_id", "member_id", "round", "emailed_at", "answered_at")
    }
    new: dict[int, tuple[int, int, datetime.date]] = {}  # member id → (pair id, round, due on)
    late: dict[int, int] = {}  # member id → the check-in's id
    for member_id, pair_id, termination in PairMember.objects.filter(
        pair_id__in=list(due), left_at__isnull=True
    ).values_list("pk", "pair_id", "participant__employee__termination_date"):
        if pair_id not in due or (termination is not None and termination <= today):
            continue
        round, due_on = due[pair_id]
        found = existing.get((pair_id, member_id, round))
        if found is None:
            new[member_id] = (pair_id, round, due_on)
        elif found[1] is None and found[2] is None:
            late[member_id] = found[0]
    if not new and not late:
        return []
    # Plain values: (member id, pair id, the roster row…, program name).
    members: dict[int, tuple[Person, str]] = {}
    for *person, program in PairMember.objects.filter(pk__in=[*new, *late]).values_list(
        "pk", "pair_id", *Person.values("participant__employee"), "pair__cohort__program__name"
    ):
        person = Person.from_row(person)
        members[person.id] = (person, program)
    made = [
        CheckIn(
            organization_id=organization.pk,
            pair_id=pair_id,
            member_id=member_id,
            round=round,
            due_on=due_on,
            emailed_at=now,
        )
        for member_id, (pair_id, round, due_on) in new.items()
    ]
    if made:
        try:
            with transaction.atomic():
                CheckIn.objects.bulk_create(made)
        except IntegrityError:
            # A concurrent run made some of these since the read above: keep one of each.
            CheckIn.objects.bulk_create(made, ignore_conflicts=True)
        # Their open check-ins are in the stored facts: computed again when next read.
        pair_facts_expire(pairs={checkin.pair_id for checkin in made})
    if late:
        CheckIn.objects.filter(pk__in=late.values(), emailed_at__isnull=True).update(emailed_at=now)
    invited = [(members[member_id], round) for member_id, (_, round, _) in new.items()]
    invited += [(members[member_id], due[members[member_id][0].group_id][0]) for member_id in late]
    link = link_by_id("mentoring:checkin", org_slug=organization.slug)
    notify_count(
        organization,
        [_invitation(person, program, round, link) for (person, program), round in invited],
        now=now,
        kick=kick,
    )
    return made


def _invitation(person: Person, program: str, round: int, link) -> Message:
    """The invitation to a pair member (``Person``: its group is the pair)."""
    return to_person(
        person,
        kind="checkin_invitation",
        key=f"checkin:{person.group_id}:{round}",
        subject=f"{program}: how is your mentoring going?",
        link=link(person.group_id),
        context={"program": {"name": program}},
    )


def open_checkin_for(*, pair: Pair, member: PairMember) -> CheckIn | None:
    """The member's latest unanswered check-in in the pair, if any."""
    return (
        CheckIn.objects.filter(pair=pair, member=member, answered_at__isnull=True).order_by("-round").first()
    )


@transaction.atomic
def checkin_answer(
    *,
    actor,
    checkin: CheckIn,
    usefulness: int | None,
    met_as_planned: bool | None,
    would_continue: bool | None,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> CheckIn:
    """Save one partner's answers. Usefulness is a whole number from 1 to 5; the two yes/no
    questions need an answer; each check-in is answered once. Raises ``ValidationError`` keyed
    by field and changes nothing then."""
    checkin = (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("member__participant__employee")
        .get(pk=checkin.pk)
    )
    if actor is None or checkin.member.participant.employee.user_id != actor.pk:
        raise PermissionDenied("This check-in is someone else's.")
    if checkin.answered_at is not None:
        raise ValidationError("You have already answered this check-in. Thank you!")
    errors: dict[str, list[str]] = {}
    if (
        not isinstance(usefulness, int)
        or isinstance(usefulness, bool)
        or not CheckIn.USEFULNESS_MIN <= usefulness <= CheckIn.USEFULNESS_MAX
    ):
        errors["usefulness"] = ["Rate how useful the relationship is from 1 (not at all) to 5 (very)."]
    if met_as_planned not in (True, False):
        errors["met_as_planned"] = ["Say whether you have met as planned."]
    if would_continue not in (True, False):
        errors["would_continue"] = ["Say whether you would continue with this partner."]
    if len(comment) > COMMENT_LIMIT:
        errors["comment"] = [f"Keep the comment under {COMMENT_LIMIT:,} characters."]
    if errors:
        raise ValidationError(errors)
    checkin.usefulness = usefulness
    checkin.met_as_planned = met_as_planned
    checkin.would_continue = would_continue
    checkin.comment = comment.strip()
    checkin.answered_at = now or timezone.now()
    checkin.save()
    pairs_changed([checkin.pair_id], now=now)
    return checkin
