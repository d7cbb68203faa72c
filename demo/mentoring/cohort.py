"""A cohort's year on the timeline: matching and publishing, learning sessions, check-in
rounds, people who leave Acme, and the close.

Who leaves, and when, is not invented here: it is the roster history's termination dates
(``leaving``), so the pairs stop where the people really left, and the retention figures
that analytics reads come from the same roster.
"""

from __future__ import annotations

import datetime
import random

from django.core.exceptions import ValidationError

from cohorts.models import Cohort, Participant, ParticipantStatus
from cohorts.services import cohort_complete, participant_withdraw
from demo.context import DemoContext
from demo.mentoring import texts
from demo.mentoring.pairs import PairYear
from demo.mentoring.rhythms import MONTHLY, STEADY, Rhythm, rhythms_for
from demo.timeline import Timeline
from goals.models import Goal
from matching.models import MatchRun, MemberRole, Pair, PairMember, PairStatus
from matching.services.publish import match_run_publish
from matching.services.rematch import rematch_request_create, rematch_resolve
from matching.services.runs import match_run_create
from organizations.clock import local_date
from sessions.models import CheckIn, LearningSession, Meeting, MeetingStatus
from sessions.services.checkins import checkin_due_on, checkins_create_due
from sessions.services.learning import (
    attendance_mark,
    audience_participants,
    learning_session_create,
    reinforcement_prompts_send,
)
from sessions.services.settings import mentoring_settings_for

# A mentor's guide is taken into meetings within this many days after a session.
REINFORCE_WITHIN = datetime.timedelta(days=21)
# A mentee whose mentor leaves is matched again only with this much of the year left.
REMATCH_IF_DAYS_LEFT = 90


class CohortYear:
    def __init__(
        self,
        *,
        context: DemoContext,
        cohort: Cohort,
        timeline: Timeline,
        rng: random.Random,
        leaving: dict[int, datetime.date] | None = None,
    ):
        self.context = context
        self.organization = context.organization
        self.manager = context.accounts["manager"]
        self.cohort = cohort
        self.program = cohort.program
        self.timeline = timeline
        self.rng = rng
        self.end = self.program.end_date
        self.leaving = leaving or {}  # employee id -> termination date, from the roster history
        self.pairs: dict[int, PairYear] = {}
        self.sessions: list[LearningSession] = []
        self.settings = mentoring_settings_for(program=self.program)
        self._checkin_days: set[datetime.date] = set()

    def leaving_on(self, participant: Participant) -> datetime.date | None:
        return self.leaving.get(participant.employee_id)

    # Matching --------------------------------------------------------------------------

    def match(
        self, *, run_at: datetime.datetime, publish_at: datetime.datetime, troubled: tuple[Rhythm, ...]
    ):
        """The manager runs matching for everyone without a pair, then publishes the run."""
        holder: dict = {}

        def run() -> None:
            holder["run"] = match_run_create(cohort=self.cohort, actor=self.manager)

        def publish() -> None:
            pairs = match_run_publish(run=holder["run"], actor=self.manager)
            self._follow(pairs, rhythms_for(len(pairs), rng=self.rng, troubled=troubled))

        self.timeline.add(run_at, run)
        self.timeline.add(publish_at, publish)

    def _follow(self, pairs: list[Pair], rhythms: list[Rhythm]) -> None:
        members: dict[int, list[PairMember]] = {}
        for member in (
            PairMember.objects.filter(pair__in=pairs, left_at__isnull=True)
            .select_related("participant__employee__user")
            .order_by("pk")
        ):
            members.setdefault(member.pair_id, []).append(member)
        for pair, rhythm in zip(pairs, rhythms, strict=True):
            year = PairYear(
                cohort_year=self, pair=pair, members=members[pair.pk], rhythm=rhythm, rng=self.rng
            )
            self.pairs[pair.pk] = year
            year.plan()
            self._plan_checkin_rounds(year)

    # Relationship check-ins ----------------------------------------------------------------

    def _plan_checkin_rounds(self, year: PairYear) -> None:
        """The daily task's work on each day a round falls due for the pair."""
        round = 1
        while True:
            due = checkin_due_on(published_on=year.published_on, round=round, settings=self.settings)
            if due >= self.end or not self.timeline.is_past(self.timeline.at(due, 6)):
                return
            if due not in self._checkin_days:
                self._checkin_days.add(due)
                self.timeline.add(self.timeline.at(due, 6), lambda due=due: self._checkins_due(due))
            round += 1

    def _checkins_due(self, day: datetime.date) -> None:
        for checkin in checkins_create_due(organization=self.organization, today=day):
            year = self.pairs.get(checkin.pair_id)
            if year is not None:
                year.answer_later(checkin, day)

    # Learning sessions ------------------------------------------------------------------

    def session(self, key: str, day: datetime.date, *, hour: int = 14) -> None:
        """Scheduled by the manager two weeks ahead; the guide goes to mentors once it ends;
        attendance is marked the next morning."""
        text = texts.SESSIONS[key]
        starts_at = self.timeline.at(day, hour)
        holder: dict = {}

        def create() -> None:
            holder["session"] = learning_session_create(
                actor=self.manager,
                cohort=self.cohort,
                title=text.title,
                kind=text.kind,
                audience=text.audience,
                description=text.description,
                starts_at=starts_at,
                duration_minutes=text.duration_minutes,
                location="Amsterdam office, the Atrium",
                video_url="https://meet.acme.example/learning",
                discussion_guide=text.discussion_guide,
            )
            self.sessions.append(holder["session"])

        def prompt() -> None:
            reinforcement_prompts_send(session=holder["session"])

        def attendance() -> None:
            audience = list(audience_participants(holder["session"]).values_list("pk", flat=True))
            attended = {pk for pk in audience if self.rng.random() < text.attendance}
            attendance_mark(actor=self.manager, session=holder["session"], participant_ids=attended)

        scheduled = starts_at - datetime.timedelta(days=14)
        if self.timeline.current is not None:
            scheduled = max(scheduled, self.timeline.current)
        if not self.timeline.add_if_past(scheduled, create):
            return
        ends_at = starts_at + datetime.timedelta(minutes=text.duration_minutes, hours=1)
        self.timeline.add_if_past(ends_at, prompt)
        self.timeline.add_if_past(self.timeline.at(day + datetime.timedelta(days=1), 9), attendance)

    def session_to_reinforce(self, meeting_starts_at: datetime.datetime) -> LearningSession | None:
        """The learning session a meeting at this time would follow up, if one just ended."""
        for session in reversed(self.sessions):
            if (
                session.discussion_guide
                and session.ends_at <= meeting_starts_at <= session.ends_at + REINFORCE_WITHIN
            ):
                return session
        return None

    # People who leave -------------------------------------------------------------------

    def follow_leavers(self) -> None:
        """When someone in the class leaves Acme, their partner asks for a rematch a few days
        later; the manager records the withdrawal, ends the pair, and — when a mentee lost their
        mentor with months still to go — matches them again."""
        start = self.program.start_date
        for participant in Participant.objects.filter(cohort=self.cohort, status=ParticipantStatus.SELECTED):
            leaves = self.leaving.get(participant.employee_id)
            if leaves is None or not start <= leaves < self.end - datetime.timedelta(days=4):
                continue
            self.timeline.add_if_past(
                self.timeline.at(leaves + datetime.timedelta(days=3), 10),
                lambda participant=participant: self._left(participant),
            )

    def _left(self, participant: Participant) -> None:
        participant.refresh_from_db()
        if participant.status == ParticipantStatus.SELECTED:
            participant_withdraw(participant=participant, actor=self.manager)
        member = PairMember.objects.filter(
            participant=participant, left_at__isnull=True, pair__status=PairStatus.ACTIVE
        ).first()
        if member is None:
            return
        partner = (
            PairMember.objects.filter(pair_id=member.pair_id, left_at__isnull=True)
            .exclude(pk=member.pk)
            .select_related("participant__employee__user")
            .first()
        )
        today = local_date(self.timeline.current, self.organization)
        if partner is None or (self.leaving_on(partner.participant) or datetime.date.max) <= today:
            return
        request = rematch_request_create(
            pair=member.pair,
            participant=partner.participant,
            actor=partner.participant.employee.user,
            reason=f"{participant.employee.name} has left Acme.",
        )
        rematch_resolve(request=request, actor=self.manager, end_pair=True)
        if partner.role != MemberRole.MENTEE or (self.end - today).days < REMATCH_IF_DAYS_LEFT:
            return
        run_at = self.timeline.at(today + datetime.timedelta(days=2), 11)
        publish_at = self.timeline.at(today + datetime.timedelta(days=3), 10)
        if not self.timeline.is_past(publish_at):
            return
        holder: dict = {}

        def run() -> None:
            try:
                holder["run"] = match_run_create(cohort=self.cohort, actor=self.manager)
            except ValidationError:
                holder["run"] = None  # nobody with a place left: the mentee finishes the year alone

        def publish() -> None:
            run = holder["run"]
            if run is None or not run.proposed_pairs.exists():
                return
            pairs = match_run_publish(run=run, actor=self.manager)
            self._follow(pairs, [self.rng.choice((STEADY, STEADY, MONTHLY)) for _ in pairs])

        self.timeline.add(run_at, run)
        self.timeline.add(publish_at, publish)

    # The close ---------------------------------------------------------------------------

    def complete(self, moment: datetime.datetime) -> None:
        self.timeline.add(moment, lambda: cohort_complete(cohort=self.cohort, actor=self.manager))


def cohort_counts(cohort: Cohort) -> dict[str, int]:
    """Numbers for the seed's progress line."""
    return {
        "pairs": Pair.objects.filter(cohort=cohort).count(),
        "runs": MatchRun.objects.filter(cohort=cohort).count(),
        "meetings": Meeting.objects.filter(pair__cohort=cohort, status=MeetingStatus.HAPPENED).count(),
        "goals": Goal.objects.filter(plan__member__pair__cohort=cohort).count(),
        "checkins": CheckIn.objects.filter(pair__cohort=cohort, answered_at__isnull=False).count(),
        "sessions": LearningSession.objects.filter(cohort=cohort).count(),
    }
