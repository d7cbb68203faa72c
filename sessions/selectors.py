"""Reads of the mentoring year for pages, the API and calendar feeds.

Reads of content (``pair_space``, ``meeting_view``, ``calendar_feed_items``) take the viewer's
``PairMember`` or user, which the caller got from ``sessions/access.py``: there is no variant
that reads a pair's content without one. Managers' reads are in ``sessions/overview.py``.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cohorts.models import Cohort, Participant, ParticipantStatus, TrustProfile
from cohorts.profiles.visibility import partner_ids, readable_participant_ids
from matching.models import Pair, PairMember
from programs.models import ApplicantRole
from sessions.access import current_memberships
from sessions.facts import PairFacts, cohort_pair_facts
from sessions.models import (
    ActionItem,
    Attendance,
    CheckIn,
    LearningSession,
    Meeting,
    MeetingStatus,
    PrivateNote,
    SessionAudience,
)
from sessions.stored_facts import fresh_fact_of_pair

MEETINGS_SHOWN = 50
FEED_PAST = datetime.timedelta(days=120)


def _members_prefetch() -> Prefetch:
    return Prefetch(
        "members",
        queryset=PairMember.objects.filter(left_at__isnull=True)
        .select_related("participant__employee", "participant__application")
        .order_by("role", "joined_at", "pk"),
    )


def pair_members(pair: Pair) -> list[PairMember]:
    """The pair's current people with their roster rows and application answers, mentor first."""
    return list(
        PairMember.objects.filter(pair=pair, left_at__isnull=True)
        .select_related("participant__employee", "participant__application")
        .order_by("role", "joined_at", "pk")
    )


def guide_to_reinforce(
    *, cohort_id: int, role: str | None = None, now: datetime.datetime
) -> LearningSession | None:
    """The latest learning session of the cohort that has ended and has a discussion guide:
    the topic its mentors reinforce in their next meeting."""
    ended = (
        LearningSession.objects.filter(cohort_id=cohort_id, starts_at__lte=now)
        .exclude(discussion_guide="")
        .order_by("-starts_at", "-pk")[:20]
    )
    return next((session for session in ended if session.ends_at <= now), None)


@dataclass
class PairSpace:
    pair: Pair
    viewer: PairMember
    members: list[PairMember]
    next_meeting: Meeting | None
    past_meetings: list[Meeting]
    open_items: list[ActionItem]
    done_items: list[ActionItem]
    guide: LearningSession | None
    guide_meeting: Meeting | None
    facts: PairFacts | None
    open_checkin_id: int | None
    upcoming_sessions: list[LearningSession] = field(default_factory=list)
    profiles: dict[int, TrustProfile] = field(default_factory=dict)

    @property
    def partners(self) -> list[PairMember]:
        return [m for m in self.members if m.pk != self.viewer.pk]

    @property
    def people(self) -> list[PairMember]:
        """Partners first, the viewer last."""
        return self.partners + [m for m in self.members if m.pk == self.viewer.pk]


def readable_profiles(*, members: list[PairMember], viewer_user) -> dict[int, TrustProfile]:
    """The trust profiles of ``members`` the viewer may read (participant id → profile).

    Who reads a profile is the cohorts app's rule (``cohorts/profiles/visibility.py``): the person and
    their current published partners; a profile the rule does not open is not loaded.
    """
    readable = readable_participant_ids(viewer_user=viewer_user) & {m.participant_id for m in members}
    return {p.participant_id: p for p in TrustProfile.objects.filter(participant_id__in=readable)}


def pair_space(
    *,
    pair: Pair,
    viewer: PairMember,
    viewer_user=None,
    now: datetime.datetime | None = None,
    organization=None,
    members: list[PairMember] | None = None,
) -> PairSpace:
    """Everything a pair member's space shows: people (with the trust profiles the viewer may
    read), meetings, action items, the guide to reinforce, health, and the viewer's open
    check-in. The viewer must be a current member (``sessions.access.pair_for_member_or_404``).

    Six queries: members (unless given), meetings, action items, the cohort's learning
    sessions (the guide, the viewer's next ones and the ended ones health counts), the facts
    query (the viewer's open check-in with it), the readable profiles; the program's settings
    come with the pair (``sessions.access.pair_members_for_member_or_404``).
    """
    now = now or timezone.now()
    organization = organization or pair.organization
    members = pair_members(pair) if members is None else members
    meetings = list(
        Meeting.objects.filter(pair=pair)
        .select_related("learning_session")
        .order_by("-starts_at", "-pk")[:MEETINGS_SHOWN]
    )
    upcoming = sorted(
        (m for m in meetings if m.status == MeetingStatus.SCHEDULED and m.ends_at >= now),
        key=lambda m: m.starts_at,
    )
    items = list(
        ActionItem.objects.filter(meeting__pair=pair)
        .select_related("owner__participant__employee", "meeting")
        .order_by("done", "due_on", "pk")
    )
    sessions = list(LearningSession.objects.filter(cohort_id=pair.cohort_id).order_by("starts_at", "pk"))
    guide = _guide_among(sessions, now=now)
    guide_meeting = (
        next((m for m in meetings if m.learning_session_id == guide.pk), None) if guide is not None else None
    )
    # The stored row when it came with the pair and is fresh (sessions/stored_facts.py): the
    # same facts without the facts query; else computed live for this one pair.
    fresh = fresh_fact_of_pair(pair, members=members, now=now, organization=organization)
    facts = (
        [fresh]
        if fresh is not None
        else cohort_pair_facts(
            cohort=pair.cohort,
            now=now,
            pairs=[pair],
            organization=organization,
            members=members,
            sessions=sessions,
            settings=_settings_with(pair.cohort.program),
        )
    )
    role = viewer.participant.role
    return PairSpace(
        pair=pair,
        viewer=viewer,
        members=members,
        next_meeting=upcoming[0] if upcoming else None,
        past_meetings=[m for m in meetings if not upcoming or m.pk != upcoming[0].pk],
        open_items=[i for i in items if not i.done],
        done_items=[i for i in items if i.done],
        guide=guide,
        guide_meeting=guide_meeting,
        facts=facts[0] if facts else None,
        open_checkin_id=facts[0].open_checkins.get(viewer.pk) if facts else None,
        upcoming_sessions=[s for s in sessions if s.is_for(role) and s.ends_at >= now][:3],
        profiles=_pair_profiles(viewer=viewer, members=members) if viewer_user else {},
    )


def _guide_among(sessions: list[LearningSession], *, now: datetime.datetime) -> LearningSession | None:
    """``guide_to_reinforce`` over sessions already read (any order)."""
    ended = [s for s in sessions if s.discussion_guide and s.starts_at <= now and s.ends_at <= now]
    return max(ended, key=lambda s: (s.starts_at, s.pk), default=None)


def _settings_with(program):
    """The program's mentoring settings when they came with it (``select_related``), else None
    (read by ``cohort_pair_facts``)."""
    try:
        settings = program.mentoring_settings
    except ObjectDoesNotExist:
        return None
    settings.program = program
    return settings


def _pair_profiles(*, viewer: PairMember, members: list[PairMember]) -> dict[int, TrustProfile]:
    """The trust profiles of the pair's people that the viewer may read (participant id →
    profile), by the cohorts app's rule (``cohorts/profiles/visibility.py``): their own and their
    current published partners' — one query, for the partners. The profiles came with the
    members (``participant__trust_profile``) when they were read with them; else one more.
    """
    readable = {viewer.participant_id} | partner_ids(viewer.participant)
    readable &= {m.participant_id for m in members}
    loaded = Participant.trust_profile.related  # the reverse one-to-one's cache on each participant
    if all(loaded.is_cached(m.participant) for m in members):
        profiles = [
            profile
            for m in members
            if m.participant_id in readable
            and (profile := loaded.get_cached_value(m.participant)) is not None
        ]
    else:
        profiles = TrustProfile.objects.filter(participant_id__in=readable)
    return {p.participant_id: p for p in profiles}


@dataclass
class MeetingView:
    meeting: Meeting
    viewer: PairMember
    members: list[PairMember]
    action_items: list[ActionItem]
    my_note: PrivateNote | None

    @property
    def partners(self) -> list[PairMember]:
        return [m for m in self.members if m.pk != self.viewer.pk]


def meeting_view(*, meeting: Meeting, viewer: PairMember) -> MeetingView:
    """A meeting as one of its pair sees it. Privacy: only the viewer's own private note is
    loaded; a partner's note is never read from the database for this page."""
    return MeetingView(
        meeting=meeting,
        viewer=viewer,
        members=pair_members(meeting.pair),
        action_items=list(
            ActionItem.objects.filter(meeting=meeting)
            .select_related("owner__participant__employee")
            .order_by("done", "due_on", "pk")
        ),
        my_note=PrivateNote.objects.filter(
            meeting=meeting, author=viewer.participant.employee.user_id
        ).first(),
    )


def session_choices_for_pair(pair: Pair) -> QuerySet[LearningSession]:
    """Sessions a pair's meeting may be linked to: the cohort's, newest first."""
    return LearningSession.objects.filter(cohort_id=pair.cohort_id).order_by("-starts_at", "-pk")


def _audience_q(role: str) -> Q:
    return Q(audience=SessionAudience.EVERYONE) | Q(
        audience=SessionAudience.MENTORS if role == ApplicantRole.MENTOR else SessionAudience.MENTEES
    )


def audience_filter(user) -> Q:
    """Sessions meant for ``user``: of a cohort they are selected into, for their role there.
    A lazy filter (subqueries), so it can be built before any row is read."""
    mine = Participant.objects.filter(
        employee__user=user, status=ParticipantStatus.SELECTED, cohort_id=OuterRef("cohort_id")
    )
    return (
        Q(Exists(mine), audience=SessionAudience.EVERYONE)
        | Q(Exists(mine.filter(role=ApplicantRole.MENTOR)), audience=SessionAudience.MENTORS)
        | Q(Exists(mine.filter(role=ApplicantRole.MENTEE)), audience=SessionAudience.MENTEES)
    )


def upcoming_sessions_for(*, participant: Participant, now: datetime.datetime) -> list[LearningSession]:
    """The participant's cohort sessions (for their role) that have not ended yet."""
    sessions = LearningSession.objects.filter(
        _audience_q(participant.role), cohort_id=participant.cohort_id
    ).filter(starts_at__gte=now - datetime.timedelta(hours=8))
    return [s for s in sessions.order_by("starts_at", "pk") if s.ends_at >= now]


@dataclass
class MyPair:
    member: PairMember
    partners: list[PairMember]
    next_meeting: Meeting | None
    open_checkin: CheckIn | None


@dataclass
class MyMentoring:
    pairs: list[MyPair]
    sessions: list[LearningSession]
    attended: set[int]
    my_items: list[ActionItem]


def my_mentoring(*, user, now: datetime.datetime | None = None) -> MyMentoring:
    """The person's current pairs (with partners, next meeting, open check-in), their cohorts'
    sessions for their role, and their open action items — a handful of queries in all."""
    now = now or timezone.now()
    memberships = list(
        current_memberships(user)
        .select_related("pair__cohort__program", "participant")
        .prefetch_related(Prefetch("pair__members", queryset=_members_prefetch().queryset))
        .order_by("-pair__published_at", "pk")
    )
    pair_ids = [m.pair_id for m in memberships]
    next_meetings: dict[int, Meeting] = {}
    for meeting in Meeting.objects.filter(
        pair_id__in=pair_ids, status=MeetingStatus.SCHEDULED, starts_at__gte=now
    ).order_by("starts_at"):
        next_meetings.setdefault(meeting.pair_id, meeting)
    open_checkins: dict[int, CheckIn] = {}
    for checkin in CheckIn.objects.filter(
        member__in=[m.pk for m in memberships], answered_at__isnull=True
    ).order_by("-round"):
        open_checkins.setdefault(checkin.member_id, checkin)
    pairs = [
        MyPair(
            member=m,
            partners=[p for p in m.pair.members.all() if p.pk != m.pk],
            next_meeting=next_meetings.get(m.pair_id),
            open_checkin=open_checkins.get(m.pk),
        )
        for m in memberships
    ]
    sessions = list(
        LearningSession.objects.filter(
            audience_filter(user), starts_at__gte=now - datetime.timedelta(days=30)
        )
        .select_related("cohort")
        .order_by("starts_at", "pk")
    )
    attended = set(
        Attendance.objects.filter(
            participant__employee__user=user, session__in=[s.pk for s in sessions]
        ).values_list("session_id", flat=True)
    )
    my_items = list(
        ActionItem.objects.filter(owner__in=[m.pk for m in memberships], done=False)
        .select_related("meeting")
        .order_by("due_on", "pk")
    )
    return MyMentoring(pairs=pairs, sessions=sessions, attended=attended, my_items=my_items)


def calendar_feed_items(
    *, user, now: datetime.datetime | None = None
) -> tuple[list[Meeting], list[LearningSession]]:
    """What the person's calendar feed shows: their pairs' meetings and their cohorts' sessions
    for their role, from four months back onwards. Call inside the feed's organization scope."""
    now = now or timezone.now()
    since = now - FEED_PAST
    meetings = list(
        Meeting.objects.filter(pair__in=current_memberships(user).values("pair_id"), starts_at__gte=since)
        .prefetch_related(Prefetch("pair__members", queryset=_members_prefetch().queryset))
        .select_related("pair")
        .order_by("starts_at", "pk")
    )
    sessions = list(
        LearningSession.objects.filter(audience_filter(user), starts_at__gte=since).order_by(
            "starts_at", "pk"
        )
    )
    return meetings, sessions


def cohort_sessions(cohort: Cohort) -> QuerySet[LearningSession]:
    return LearningSession.objects.filter(cohort=cohort).order_by("starts_at", "pk")
