"""One pair's year: meetings, both goal plans and their check-in answers, on the timeline.

``PairYear.plan`` runs at the moment the pair is published and puts the pair's whole year on
the timeline: each meeting scheduled a few days ahead and logged after it happened, each goal
created in the first weeks with milestones completed as their due dates come (or not), monthly
goal check-ins, and, when a relationship check-in arrives, the partner's answer. What happens
depends on the pair's ``Rhythm``, and stops the day before a partner leaves Acme. Every write
goes through the service a person would use, at that moment.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from demo.mentoring import texts
from demo.mentoring.rhythms import Rhythm
from demo.timeline import working_day
from goals.models import Goal, GoalStatus, Milestone
from goals.services import goal_check_in, goal_create, milestone_complete, milestone_create
from matching.models import MemberRole, Pair, PairMember
from organizations.clock import local_date
from sessions.models import CheckIn, MeetingFormat, MeetingStatus
from sessions.services.checkins import checkin_answer
from sessions.services.meetings import ActionItemInput, meeting_log, meeting_schedule

if TYPE_CHECKING:
    from demo.mentoring.cohort import CohortYear

MEETING_HOURS = (8, 9, 10, 11, 13, 14, 15, 16)
# Meetings are put in the calendar this many days ahead, and scheduled at most this far ahead
# of today in the current cohort.
BOOKED_AHEAD_DAYS = (3, 9)
UPCOMING_DAYS = 21


@dataclass
class GoalPlanState:
    """What the demo knows of one goal while its year plays out (rows are made on the way)."""

    text: texts.GoalText
    created_on: datetime.date
    target_date: datetime.date
    due_dates: list[datetime.date]
    done_on: list[datetime.date | None]
    goal: Goal | None = None
    milestones: list[Milestone] = field(default_factory=list)


class PairYear:
    def __init__(
        self,
        *,
        cohort_year: CohortYear,
        pair: Pair,
        members: list[PairMember],
        rhythm: Rhythm,
        rng: random.Random,
    ):
        self.cohort_year = cohort_year
        self.timeline = cohort_year.timeline
        self.pair = pair
        self.members = members
        self.mentor = next(m for m in members if m.role == MemberRole.MENTOR)
        self.mentee = next(m for m in members if m.role != MemberRole.MENTOR)
        self.rhythm = rhythm
        self.rng = rng
        self.published_on = local_date(pair.published_at, cohort_year.organization)
        self.today = local_date(self.timeline.now, cohort_year.organization)
        # The last day both are in the pair (the program's end, or a partner leaving Acme), and
        # the last day they are active in it (earlier when the pair stalls).
        last = cohort_year.end - datetime.timedelta(days=1)
        for member in members:
            leaves = cohort_year.leaving_on(member.participant)
            if leaves is not None:
                last = min(last, leaves - datetime.timedelta(days=1))
        self.together_until = last
        if rhythm.stops_after_days is not None:
            last = min(last, self.published_on + datetime.timedelta(days=rhythm.stops_after_days))
        self.last_day = last
        self.reinforced: set[int] = set()

    def user(self, member: PairMember):
        return member.participant.employee.user

    def plan(self) -> None:
        """Put the pair's meetings and goal plans on the timeline (called when it is published)."""
        self._plan_meetings()
        for member, goals in ((self.mentee, texts.MENTEE_GOALS), (self.mentor, texts.MENTOR_GOALS)):
            count = 2 if member is self.mentee else 1
            start = self.rng.randrange(len(goals))
            for n in range(count):
                self._plan_goal(member, goals[(start + n) % len(goals)], n)

    # Meetings --------------------------------------------------------------------------

    def _plan_meetings(self) -> None:
        if not self.rhythm.every_days:
            return
        day = self.published_on + datetime.timedelta(days=self.rng.randint(4, 10))
        horizon = min(self.last_day, self.today + datetime.timedelta(days=UPCOMING_DAYS))
        number = 0
        while day <= horizon:
            day = working_day(day)
            if day > horizon:
                break
            starts_at = self.timeline.at(day, self.rng.choice(MEETING_HOURS), self.rng.choice((0, 30)))
            self._plan_meeting(
                starts_at, number, final=day + datetime.timedelta(days=self.rhythm.every_days) > horizon
            )
            number += 1
            jitter = max(1, self.rhythm.every_days // 5)
            day += datetime.timedelta(days=self.rhythm.every_days + self.rng.randint(-jitter, jitter))

    def _plan_meeting(self, starts_at: datetime.datetime, number: int, *, final: bool) -> None:
        rng = self.rng
        booked = max(
            starts_at - datetime.timedelta(days=rng.randint(*BOOKED_AHEAD_DAYS), hours=rng.randint(0, 8)),
            self.pair.published_at + datetime.timedelta(hours=2),
        )
        if not self.timeline.is_past(booked):
            return
        duration = rng.choice((30, 45, 45, 60, 60, 90))
        kind = rng.choices(
            (MeetingFormat.VIDEO, MeetingFormat.IN_PERSON, MeetingFormat.PHONE), weights=(5, 4, 1)
        )[0]
        booker = self.mentee if rng.random() < 0.6 else self.mentor
        logger = self.mentee if rng.random() < 0.7 else self.mentor
        cancelled = rng.random() < 0.06
        logged = starts_at + datetime.timedelta(minutes=duration, hours=rng.randint(1, 30))
        topic = texts.TOPICS[0] if number == 0 else texts.TOPICS[1 + rng.randrange(len(texts.TOPICS) - 1)]
        if final and self.last_day >= self.cohort_year.end - datetime.timedelta(days=30):
            topic = texts.TOPICS[-1]
        shared = rng.choice(texts.SHARED_NOTES) if rng.random() < self.rhythm.notes else ""
        private = rng.choice(texts.PRIVATE_NOTES) if rng.random() < 0.25 else None
        action = rng.choice(texts.ACTION_ITEMS) if rng.random() < 0.3 else ""
        action_owner = self.mentee if rng.random() < 0.7 else self.mentor
        holder: dict = {}

        def book() -> None:
            holder["meeting"] = meeting_schedule(
                actor=self.user(booker),
                pair=self.pair,
                starts_at=starts_at,
                duration_minutes=duration,
                format=kind,
                location="Amsterdam office, meeting room 4.12" if kind == MeetingFormat.IN_PERSON else "",
                video_url=f"https://meet.acme.example/{self.pair.pk}-{number}"
                if kind == MeetingFormat.VIDEO
                else "",
            )

        def log() -> None:
            if cancelled:
                meeting_log(
                    actor=self.user(logger), meeting=holder["meeting"], status=MeetingStatus.CANCELLED
                )
                return
            session = self.cohort_year.session_to_reinforce(starts_at)
            if session is not None and session.pk in self.reinforced:
                session = None
            if session is not None:
                self.reinforced.add(session.pk)
            meeting_log(
                actor=self.user(logger),
                meeting=holder["meeting"],
                status=MeetingStatus.HAPPENED,
                topics=f"Follow-up of “{session.title}”" if session else topic,
                shared_notes=shared,
                learning_session_id=session.pk if session else None,
                private_note=private,
                action_items=[
                    ActionItemInput(
                        text=action,
                        owner_id=action_owner.pk,
                        due_on=local_date(starts_at, self.cohort_year.organization)
                        + datetime.timedelta(days=14),
                    )
                ]
                if action
                else [],
            )

        self.timeline.add(booked, book)
        self.timeline.add_if_past(logged, log)

    # Goal plans ------------------------------------------------------------------------

    def _plan_goal(self, member: PairMember, text: texts.GoalText, n: int) -> None:
        rng = self.rng
        created_on = self.published_on + datetime.timedelta(days=rng.randint(5, 18) + 3 * n)
        if created_on > min(self.today, self.together_until):
            return
        target = created_on + datetime.timedelta(days=rng.randint(150, 300))
        if self.cohort_year.end > created_on + datetime.timedelta(days=60):
            target = min(target, self.cohort_year.end - datetime.timedelta(days=rng.randint(1, 20)))
        # The first step comes within a month or so, the others spread until the target date.
        first = created_on + datetime.timedelta(days=rng.randint(21, 35))
        count = len(text.milestones)
        span = max(0, (target - first).days - 7)
        due_dates = [
            min(target, first + datetime.timedelta(days=span * i // max(1, count - 1))) for i in range(count)
        ]
        done_on: list[datetime.date | None] = []
        for due in due_dates:
            day = due - datetime.timedelta(days=rng.randint(0, 12))
            done = rng.random() < self.rhythm.milestones_done and day <= self.last_day and day <= self.today
            done_on.append(day if done else None)
        state = GoalPlanState(text, created_on, target, due_dates, done_on)
        owner = self.user(member)

        def create() -> None:
            state.goal = goal_create(
                member=member,
                actor=owner,
                title=text.title,
                success_measure=text.success_measure,
                description=text.description,
                category=text.category,
                target_date=target,
                status=GoalStatus.ON_TRACK,
            )
            state.milestones = [
                milestone_create(goal=state.goal, actor=owner, title=title, due_date=due)
                for title, due in zip(text.milestones, due_dates, strict=True)
            ]

        if not self.timeline.add_if_past(self.timeline.at(created_on, 20, 15), create):
            return
        for index, day in enumerate(done_on):
            if day is not None:
                self.timeline.add_if_past(
                    self.timeline.at(day, 18, 5),
                    lambda index=index: milestone_complete(milestone=state.milestones[index], actor=owner),
                )
        self._plan_goal_check_ins(state, owner)

    def _plan_goal_check_ins(self, state: GoalPlanState, owner) -> None:
        """A check-in about once a month while the pair is active; the last says done or at risk."""
        rng = self.rng
        day = state.created_on + datetime.timedelta(days=rng.randint(25, 40))
        last = min(self.last_day, self.today, state.target_date)
        total = len(state.done_on)
        while day <= last:
            done = sum(1 for d in state.done_on if d is not None and d <= day)
            overdue = sum(
                1
                for due, d in zip(state.due_dates, state.done_on, strict=True)
                if due < day and (d is None or d > day)
            )
            finished = done == total
            if finished:
                progress, status = 100, GoalStatus.DONE
            else:
                progress = min(95, round(100 * done / (total + 1)) + rng.randint(0, 15))
                status = GoalStatus.AT_RISK if overdue else GoalStatus.ON_TRACK
            comment = rng.choice(texts.GOAL_CHECK_IN_COMMENTS)
            self.timeline.add_if_past(
                self.timeline.at(day, 19, 40),
                lambda day=day, progress=progress, status=status, comment=comment: goal_check_in(
                    goal=state.goal, actor=owner, progress=progress, date=day, comment=comment, status=status
                ),
            )
            if finished:
                break
            day += datetime.timedelta(days=rng.randint(28, 45))

    # Relationship check-ins ------------------------------------------------------------

    def answer_later(self, checkin: CheckIn, due_on: datetime.date) -> None:
        """The partner answers a check-in that just arrived: most do within a week or so."""
        rng = self.rng
        member = next((m for m in self.members if m.pk == checkin.member_id), None)
        if member is None:
            return
        day = due_on + datetime.timedelta(days=rng.randint(0, 8))
        leaves = self.cohort_year.leaving_on(member.participant)
        if leaves is not None and day >= leaves:
            return
        meeting = due_on <= self.last_day
        if rng.random() >= (self.rhythm.answers if meeting else 0.4):
            return
        low, high = self.rhythm.usefulness if meeting else (1, 2)
        usefulness = rng.randint(low, high)
        met = self.rhythm.name == "steady" or (meeting and rng.random() < 0.6)
        would_continue = meeting or rng.random() < 0.5
        mood = self.rhythm.mood if meeting else "poor"
        comment = rng.choice(texts.CHECKIN_COMMENTS[mood]) if rng.random() < 0.35 else ""
        self.timeline.add_if_past(
            self.timeline.at(day, rng.randint(12, 21), rng.choice((0, 20, 40))),
            lambda: checkin_answer(
                actor=self.user(member),
                checkin=checkin,
                usefulness=usefulness,
                met_as_planned=met,
                would_continue=would_continue,
                comment=comment,
            ),
        )
