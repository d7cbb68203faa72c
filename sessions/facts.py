"""Facts about every pair of a cohort, gathered in a fixed number of queries however many pairs
there are: the cohort overview, the pair-health API and the pair space all read from here.

Metadata only: dates, counts, ratings and yes/no answers. No topic, note, action-item text,
check-in comment or goal text is ever loaded by this module.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from cohorts.models import Cohort, CohortStatus
from goals.selectors import GoalProgress
from matching.models import MemberRole, Pair, PairMember, PairStatus
from organizations.clock import local_date
from programs.models import ApplicantRole
from sessions.facts_query import pair_figures
from sessions.health import CheckInAnswer, Health, HealthFacts, first_meeting_due_on, pair_health
from sessions.models import (
    LearningSession,
    MentoringSettings,
)
from sessions.services.settings import mentoring_settings_for, mentoring_settings_for_programs
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
    # Each current member's open (unanswered) check-in, by member id: its id.
    open_checkins: dict[int, int] = field(default_factory=dict)

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
    organization=None,
    members: list[PairMember] | None = None,
    sessions: list[LearningSession] | None = None,
    settings: MentoringSettings | None = None,
) -> list[PairFacts]:
    """Facts and health for the cohort's active pairs (or the given ``pairs`` of it).

    Four queries however many pairs: the pairs, their current members, the cohort's learning
    sessions, and the facts query (``sessions.facts_query``: meetings, check-ins, goals,
    attendance and, with ``attention``, the flags a manager acts on) — and the program's
    settings. A caller that has read the members (of a single pair), the sessions or the
    settings already passes them, and they are not read again.
    """
    organization = organization or cohort.organization
    now = now or timezone.now()
    program = cohort.program
    if as_of is None:
        as_of = local_date(now, organization)
        if cohort.status == CohortStatus.COMPLETED and program.end_date:
            # A finished year is judged as it ended, not by the months since: its pairs were
            # not meant to keep meeting after the program's last day.
            as_of = min(as_of, program.end_date)
    settings = settings or mentoring_settings_for(program=program)
    if pairs is None:
        pairs = Pair.objects.filter(cohort=cohort, status=PairStatus.ACTIVE)
    given_list = isinstance(pairs, list)
    if given_list:
        pair_list = pairs
        pairs = Pair.objects.filter(pk__in=[pair.pk for pair in pair_list])
    else:
        pair_list = list(pairs.order_by("published_at", "pk"))
    if not pair_list:
        return []
    for pair in pair_list:
        pair.cohort = cohort
    members_by_pair: dict[int, list[PairMember]] = defaultdict(list)
    if members is None:
        members = (
            PairMember.objects.filter(pair__in=pairs.order_by(), left_at__isnull=True)
            .select_related("participant__employee")
            .order_by("role", "joined_at", "pk")
        )
    for member in members:
        if member.left_at is None:
            members_by_pair[member.pair_id].append(member)

    if sessions is None:
        sessions = list(LearningSession.objects.filter(cohort=cohort, starts_at__lte=now))
    ended = [s for s in sessions if s.starts_at <= now and s.ends_at <= now]
    figures = pair_figures(
        [pair.pk for pair in pair_list] if given_list else pairs,
        organization_id=organization.pk,
        now=now,
        as_of=as_of,
        ended_for_mentors=[s.pk for s in ended if s.is_for(ApplicantRole.MENTOR)],
        ended_for_mentees=[s.pk for s in ended if s.is_for(ApplicantRole.MENTEE)],
        attention=attention,
    )
    facts = {}
    for pair in pair_list:
        fact = facts[pair.pk] = PairFacts(
            pair=pair,
            members=members_by_pair[pair.pk],
            published_on=local_date(pair.published_at, organization),
        )
        _add_figures(
            fact,
            figures.get(pair.pk),
            ended=ended,
            organization=organization,
            attention=attention,
            program_start=program.start_date,
        )
    _judge(facts.values(), program=program, settings=settings, as_of=as_of)
    return list(facts.values())


def _add_figures(fact: PairFacts, figures, *, ended, organization, attention: bool, program_start) -> None:
    """The facts query's numbers onto the pair's facts (what the former per-subject reads gave)."""
    if figures is None:
        return
    fact.meetings_held = figures.held
    fact.last_meeting_on = local_date(figures.last_held_at, organization) if figures.last_held_at else None
    fact.next_meeting_at = figures.next_at
    fact.checkins_answered = figures.answered
    fact.usefulness_total = figures.usefulness_total
    answers, goals = [], GoalProgress()
    for member in fact.members:
        mine = figures.members.get(member.pk)
        if mine is None:
            continue
        if mine.open_checkin_id is not None:
            fact.open_checkins[member.pk] = mine.open_checkin_id
        if mine.latest_usefulness is not None:
            answers.append(
                CheckInAnswer(usefulness=mine.latest_usefulness, would_continue=mine.latest_would_continue)
            )
        if mine.plans:
            goals = goals.plus(
                GoalProgress(
                    plans=mine.plans,
                    goals_total=sum(mine.goals.values()),
                    **{f"goals_{status}": n for status, n in mine.goals.items()},
                    milestones_total=mine.milestones_total,
                    milestones_completed=mine.milestones_completed,
                    overdue_milestones=mine.milestones_overdue,
                    last_check_in=mine.last_goal_check_in,
                )
            )
        role = member.participant.role
        for session in ended:
            if session.is_for(role):
                fact.sessions_expected += 1
        fact.sessions_attended += (
            mine.attended_as_mentor if role == ApplicantRole.MENTOR else mine.attended_as_mentee
        )
    fact.latest_answers = tuple(answers)
    fact.goals = goals
    if attention:
        current = quiet_since(
            last_met_on=fact.last_meeting_on, published_on=fact.published_on, program_start=program_start
        )
        if figures.flagged_silent_since is not None and figures.flagged_silent_since == current:
            fact.flagged_silent_since = figures.flagged_silent_since
        if figures.last_report_at is not None:
            day = local_date(figures.last_report_at, organization)
            if fact.last_meeting_on is None or day >= fact.last_meeting_on:
                fact.reported_unresponsive_on = day


def cohorts_pair_facts(*, cohorts, now: datetime.datetime | None = None) -> list[PairFacts]:
    """``cohort_pair_facts`` of several cohorts at once (by cohort id, then as each orders them),
    in the same few queries however many cohorts and pairs: the programs' settings, the pairs,
    their current members, the cohorts' learning sessions, and a facts query per day the
    cohorts are judged on (one, unless some cohorts are finished).
    """
    cohorts = sorted(cohorts, key=lambda cohort: cohort.pk)
    if not cohorts:
        return []
    now = now or timezone.now()
    organization = cohorts[0].organization
    settings = mentoring_settings_for_programs([cohort.program for cohort in cohorts])
    by_id = {cohort.pk: cohort for cohort in cohorts}
    pairs = Pair.objects.filter(cohort_id__in=by_id, status=PairStatus.ACTIVE)
    pair_list = sorted(pairs, key=lambda pair: (pair.cohort_id, pair.published_at, pair.pk))
    if not pair_list:
        return []
    members = list(
        PairMember.objects.filter(pair__in=pairs.order_by(), left_at__isnull=True)
        .select_related("participant__employee")
        .order_by("role", "joined_at", "pk")
    )
    sessions = list(LearningSession.objects.filter(cohort_id__in=by_id, starts_at__lte=now))
    today = local_date(now, organization)
    judged_on: dict[datetime.date, list[Cohort]] = defaultdict(list)
    for cohort in cohorts:
        as_of = today
        if cohort.status == CohortStatus.COMPLETED and cohort.program.end_date:
            as_of = min(today, cohort.program.end_date)
        judged_on[as_of].append(cohort)
    members_by_pair: dict[int, list[PairMember]] = defaultdict(list)
    for member in members:
        members_by_pair[member.pair_id].append(member)
    ended_in: dict[int, list[LearningSession]] = defaultdict(list)
    for session in sessions:
        if session.ends_at <= now:
            ended_in[session.cohort_id].append(session)
    facts: dict[int, PairFacts] = {}
    for as_of, group in judged_on.items():
        ids = {cohort.pk for cohort in group}
        ended = [session for cohort_id in ids for session in ended_in[cohort_id]]
        figures = pair_figures(
            pairs.filter(cohort_id__in=ids),
            organization_id=organization.pk,
            now=now,
            as_of=as_of,
            ended_for_mentors=[s.pk for s in ended if s.is_for(ApplicantRole.MENTOR)],
            ended_for_mentees=[s.pk for s in ended if s.is_for(ApplicantRole.MENTEE)],
        )
        for pair in pair_list:
            if pair.cohort_id not in ids:
                continue
            cohort = pair.cohort = by_id[pair.cohort_id]
            fact = facts[pair.pk] = PairFacts(
                pair=pair,
                members=members_by_pair[pair.pk],
                published_on=local_date(pair.published_at, organization),
            )
            _add_figures(
                fact,
                figures.get(pair.pk),
                ended=ended_in[cohort.pk],
                organization=organization,
                attention=False,
                program_start=cohort.program.start_date,
            )
            _judge([fact], program=cohort.program, settings=settings[cohort.program_id], as_of=as_of)
    return [facts[pair.pk] for pair in pair_list]


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
