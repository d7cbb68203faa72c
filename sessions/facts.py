"""Facts about every pair of a cohort, gathered in a fixed number of queries however many pairs
there are: the cohort overview, the pair-health API and the pair space all read from here.

Metadata only: dates, counts, ratings and yes/no answers. No topic, note, action-item text,
check-in comment or goal text is ever loaded by this module.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus
from goals.models import Milestone
from goals.selectors import GoalProgress, goal_progress_for_pairs
from matching.models import MemberRole, Pair, PairMember, PairStatus
from organizations.clock import local_date
from sessions.health import CheckInAnswer, Health, HealthFacts, first_meeting_due_on, pair_health
from sessions.models import (
    Attendance,
    CheckIn,
    LearningSession,
    Meeting,
    MeetingStatus,
    MentoringSettings,
    SilentSpell,
    UnresponsiveReport,
)
from sessions.services.settings import mentoring_settings_for
from sessions.silence import quiet_since


@dataclass
class PairFacts:
    pair: Pair
    members: list[PairMember]
    published_on: datetime.date
    # The later of publishing and the program's start, and one cadence after it: the day the
    # first meeting is expected by (``meetings_expected`` is 0 before it).
    could_meet_from: datetime.date | None = None
    first_meeting_due_on: datetime.date | None = None
    last_meeting_on: datetime.date | None = None
    next_meeting_at: datetime.datetime | None = None
    meetings_held: int = 0
    meetings_expected: int = 0
    goals: GoalProgress = field(default_factory=GoalProgress)
    sessions_expected: int = 0
    sessions_attended: int = 0
    checkins_answered: int = 0
    usefulness_total: int = 0
    latest_answers: tuple[CheckInAnswer, ...] = ()
    health: Health | None = None
    # Needs a manager's attention (sessions/silence.py, sessions/services/reports.py): the day
    # the pair's current silence began when it was flagged, and the latest day a partner was
    # reported unresponsive since the pair last met.
    flagged_silent_since: datetime.date | None = None
    reported_unresponsive_on: datetime.date | None = None

    @property
    def mentors(self) -> list[PairMember]:
        return [m for m in self.members if m.role == MemberRole.MENTOR]

    @property
    def mentees(self) -> list[PairMember]:
        return [m for m in self.members if m.role != MemberRole.MENTOR]

    @property
    def attendance_percent(self) -> int | None:
        if not self.sessions_expected:
            return None
        return round(100 * self.sessions_attended / self.sessions_expected)

    @property
    def checkin_average(self) -> float | None:
        if not self.checkins_answered:
            return None
        return round(self.usefulness_total / self.checkins_answered, 1)

    @property
    def health_facts(self) -> HealthFacts:
        return HealthFacts(
            published_on=self.published_on,
            could_meet_from=self.could_meet_from,
            last_meeting_on=self.last_meeting_on,
            overdue_milestones=self.goals.overdue_milestones,
            latest_answers=self.latest_answers,
        )


def expected_meetings(
    *,
    program_start: datetime.date,
    program_end: datetime.date,
    published_on: datetime.date,
    as_of: datetime.date,
    cadence_days: int,
) -> int:
    """Meetings a pair should have had by ``as_of``: one per cadence since it could start meeting
    (the later of program start and publishing), counting no further than the program's end.
    It is 0 until the day the first meeting is expected (``sessions.health.first_meeting_due_on``)."""
    start = max(program_start, published_on)
    end = min(as_of, program_end)
    if end <= start:
        return 0
    return (end - start).days // cadence_days


def cohort_pair_facts(
    *,
    cohort: Cohort,
    as_of: datetime.date | None = None,
    now: datetime.datetime | None = None,
    pairs=None,
    attention: bool = False,
) -> list[PairFacts]:
    """Facts and health for the cohort's active pairs (or the given ``pairs`` of it).

    About a dozen queries in all, none per pair: pairs and members, meeting aggregates,
    answered check-ins, ended sessions and their attendance, goal progress, settings; with
    ``attention``, two more for the flags a manager acts on (flagged silences, reports).
    """
    organization = cohort.organization
    now = now or timezone.now()
    program = cohort.program
    if as_of is None:
        as_of = local_date(now, organization)
        if cohort.status == CohortStatus.COMPLETED and program.end_date:
            # A finished year is judged as it ended, not by the months since: its pairs were
            # not meant to keep meeting after the program's last day.
            as_of = min(as_of, program.end_date)
    settings: MentoringSettings = mentoring_settings_for(program=program)
    if pairs is None:
        pairs = Pair.objects.filter(cohort=cohort, status=PairStatus.ACTIVE)
    pairs = list(pairs.select_related("cohort").order_by("published_at", "pk"))
    if not pairs:
        return []
    pair_ids = [pair.pk for pair in pairs]
    members_by_pair: dict[int, list[PairMember]] = defaultdict(list)
    for member in (
        PairMember.objects.filter(pair_id__in=pair_ids, left_at__isnull=True)
        .select_related("participant__employee")
        .order_by("role", "joined_at", "pk")
    ):
        members_by_pair[member.pair_id].append(member)

    facts = {
        pair.pk: PairFacts(
            pair=pair,
            members=members_by_pair[pair.pk],
            published_on=local_date(pair.published_at, organization),
        )
        for pair in pairs
    }
    _add_meetings(facts, now=now, organization=organization)
    _add_checkins(facts)
    _add_attendance(facts, cohort=cohort, now=now)
    if attention:
        _add_attention(facts, organization=organization, program_start=program.start_date)
    for pair_id, progress in goal_progress_for_pairs(pairs, as_of).items():
        facts[pair_id].goals = progress
    _judge(facts.values(), program=program, settings=settings, as_of=as_of)
    return list(facts.values())


def _judge(facts, *, program, settings: MentoringSettings, as_of: datetime.date) -> None:
    """Expected meetings and health, from the facts gathered."""
    for fact in facts:
        fact.could_meet_from = max(program.start_date, fact.published_on)
        fact.first_meeting_due_on = first_meeting_due_on(
            could_meet_from=fact.could_meet_from, cadence_days=program.meeting_cadence_days
        )
        fact.meetings_expected = expected_meetings(
            program_start=program.start_date,
            program_end=program.end_date,
            published_on=fact.published_on,
            as_of=as_of,
            cadence_days=program.meeting_cadence_days,
        )
        fact.health = pair_health(pair=fact.pair, as_of=as_of, settings=settings, facts=fact.health_facts)


def cohort_pair_health(*, cohort: Cohort, as_of: datetime.date, now: datetime.datetime) -> dict[int, Health]:
    """The health of each active pair of the cohort (pair id → ``Health``), judged exactly as
    ``cohort_pair_facts`` judges it but from only what health reads: the last meeting, each
    current member's latest check-in answer and the overdue milestones.

    Four queries of plain values, no model loaded per pair: for the managers' weekly digest,
    which then reads the full facts of the few pairs that need attention.
    """
    organization = cohort.organization
    program = cohort.program
    active = {"pair__cohort": cohort, "pair__status": PairStatus.ACTIVE}
    # Only the fields health reads: the rest are deferred, which keeps a thousand pairs cheap.
    pairs = Pair.objects.filter(cohort=cohort, status=PairStatus.ACTIVE).only("kind", "published_at")
    facts = {
        pair.pk: PairFacts(pair=pair, members=[], published_on=local_date(pair.published_at, organization))
        for pair in pairs.order_by("published_at", "pk")
    }
    if not facts:
        return {}
    last_meetings = (
        Meeting.objects.filter(status=MeetingStatus.HAPPENED, starts_at__lte=now, **active)
        .values("pair_id")
        .annotate(last=Max("starts_at"))
        .values_list("pair_id", "last")
    )
    for pair_id, last in last_meetings:
        facts[pair_id].last_meeting_on = local_date(last, organization)
    answers: dict[int, list[CheckInAnswer]] = defaultdict(list)
    seen: set[int] = set()
    for pair_id, member_id, usefulness, would_continue in (
        CheckIn.objects.filter(answered_at__isnull=False, member__left_at__isnull=True, **active)
        .order_by("member_id", "-round", "-answered_at")
        .values_list("pair_id", "member_id", "usefulness", "would_continue")
    ):
        if member_id not in seen:
            seen.add(member_id)
            answers[pair_id].append(CheckInAnswer(usefulness=usefulness, would_continue=would_continue))
    for pair_id, latest in answers.items():
        facts[pair_id].latest_answers = tuple(latest)
    overdue = (
        Milestone.objects.filter(
            goal__plan__member__pair__cohort=cohort,
            goal__plan__member__pair__status=PairStatus.ACTIVE,
            goal__plan__member__left_at__isnull=True,
            completed_at__isnull=True,
            due_date__lt=as_of,
        )
        .values("goal__plan__member__pair_id")
        .annotate(n=Count("id"))
        .values_list("goal__plan__member__pair_id", "n")
    )
    for pair_id, n in overdue:
        facts[pair_id].goals = GoalProgress(overdue_milestones=n)
    _judge(facts.values(), program=program, settings=mentoring_settings_for(program=program), as_of=as_of)
    return {pair_id: fact.health for pair_id, fact in facts.items()}


def _add_meetings(facts: dict[int, PairFacts], *, now: datetime.datetime, organization) -> None:
    happened = Q(status=MeetingStatus.HAPPENED, starts_at__lte=now)
    rows = (
        Meeting.objects.filter(pair_id__in=facts)
        .values("pair_id")
        .annotate(
            last=Max("starts_at", filter=happened),
            held=Count("id", filter=happened),
            next=Min("starts_at", filter=Q(status=MeetingStatus.SCHEDULED, starts_at__gte=now)),
        )
    )
    for row in rows:
        fact = facts[row["pair_id"]]
        fact.meetings_held = row["held"]
        fact.last_meeting_on = local_date(row["last"], organization) if row["last"] else None
        fact.next_meeting_at = row["next"]


def _add_attention(facts: dict[int, PairFacts], *, organization, program_start: datetime.date) -> None:
    """Flags that stand until the pair meets: a silent spell flagged for the managers, and a
    partner reported unresponsive (dates only: never the reporter's note)."""
    flagged = (
        SilentSpell.objects.filter(pair_id__in=facts, flagged_at__isnull=False)
        .values_list("pair_id", "silent_since")
        .order_by("pair_id", "silent_since")
    )
    for pair_id, silent_since in flagged:
        fact = facts[pair_id]
        current = quiet_since(
            last_met_on=fact.last_meeting_on, published_on=fact.published_on, program_start=program_start
        )
        if silent_since == current:
            fact.flagged_silent_since = silent_since
    reports = (
        UnresponsiveReport.objects.filter(pair_id__in=facts)
        .values("pair_id")
        .annotate(last=Max("created_at"))
        .values_list("pair_id", "last")
    )
    for pair_id, last in reports:
        fact = facts[pair_id]
        day = local_date(last, organization)
        if fact.last_meeting_on is None or day >= fact.last_meeting_on:
            fact.reported_unresponsive_on = day


def _add_checkins(facts: dict[int, PairFacts]) -> None:
    """Answered check-ins: the average usefulness per pair, and each current member's latest answer."""
    current_members = {member.pk for fact in facts.values() for member in fact.members}
    latest: dict[int, CheckInAnswer] = {}
    rows = (
        CheckIn.objects.filter(pair_id__in=facts, answered_at__isnull=False)
        .order_by("member_id", "-round", "-answered_at")
        .values_list("pair_id", "member_id", "usefulness", "would_continue")
    )
    for pair_id, member_id, usefulness, would_continue in rows:
        fact = facts[pair_id]
        fact.checkins_answered += 1
        fact.usefulness_total += usefulness
        if member_id in current_members and member_id not in latest:
            latest[member_id] = CheckInAnswer(usefulness=usefulness, would_continue=would_continue)
    for fact in facts.values():
        fact.latest_answers = tuple(latest[m.pk] for m in fact.members if m.pk in latest)


def _add_attendance(facts: dict[int, PairFacts], *, cohort: Cohort, now: datetime.datetime) -> None:
    """Of the sessions that have ended and were meant for them, how many the members attended."""
    ended = [s for s in LearningSession.objects.filter(cohort=cohort, starts_at__lte=now) if s.ends_at <= now]
    if not ended:
        return
    attended = set(
        Attendance.objects.filter(session__in=[s.pk for s in ended]).values_list(
            "session_id", "participant_id"
        )
    )
    for fact in facts.values():
        for member in fact.members:
            for session in ended:
                if session.is_for(member.participant.role):
                    fact.sessions_expected += 1
                    fact.sessions_attended += (session.pk, member.participant_id) in attended
