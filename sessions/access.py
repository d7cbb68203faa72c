"""Who may see a pair's mentoring space and its meetings: the one place it is decided.

Privacy (docs/privacy.md): a pair's meetings, shared notes, topics and action items are for the people in
the pair (their ``PairMember`` rows, still current) and nobody else: not the program manager,
not HR, not an admin, and not another pair of the cohort. Managers and HR read metadata through
the cohort overview and the API (``Meeting.METADATA_FIELDS``). A private note is for its author
alone. Anyone else asking for a pair or a meeting gets the same 404 as for one that does not
exist, so the answer never tells them it is there.

A person is a pair member through the roster: ``PairMember.participant.employee.user``.
"""

from django.db.models import QuerySet
from django.http import Http404

from cohorts.models import Participant, ParticipantStatus
from matching.models import Pair, PairMember
from organizations.roles import Permission
from sessions.models import LearningSession, Meeting


def current_memberships(user) -> QuerySet[PairMember]:
    """The user's current places in pairs of the open organization (none for anonymous)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return PairMember.objects.none()
    return PairMember.objects.filter(participant__employee__user=user, left_at__isnull=True)


def member_in_pair(*, pair: Pair, user) -> PairMember | None:
    """The user's current ``PairMember`` row in ``pair``, or None when they are not in it."""
    return (
        current_memberships(user)
        .filter(pair=pair)
        .select_related("participant__employee")
        .order_by("id")
        .first()
    )


def pair_for_member_or_404(*, user, pk: int) -> tuple[Pair, PairMember]:
    """The pair ``pk`` and the user's place in it; 404 unless the user is a current member."""
    member = (
        current_memberships(user)
        .filter(pair_id=pk)
        # The program's mentoring settings come along for the pair space's health.
        .select_related("pair__cohort__program__mentoring_settings", "participant__employee")
        .order_by("id")
        .first()
    )
    if member is None:
        raise Http404("No such pair")
    return member.pair, member


def pair_members_for_member_or_404(*, user, pk: int) -> tuple[Pair, PairMember, list[PairMember]]:
    """The pair ``pk``, the user's place in it and its current people (mentor first), in one
    query; 404 unless the user is a current member (as ``pair_for_member_or_404``).

    Each member comes with its roster row, application answers, trust profile (the pair space
    shows those the viewer may read: ``sessions.selectors.pair_space``) and goal plan row (ids
    and dates: a plan's words are read by ``goals.selectors`` for those who may read them), and
    the pair with its cohort, program, the program's mentoring settings and its stored facts
    (``sessions.stored_facts``: the pair space reads them when they are fresh).
    """
    if user is None or not getattr(user, "is_authenticated", False):
        raise Http404("No such pair")
    members = list(
        PairMember.objects.filter(pair_id=pk, left_at__isnull=True)
        .select_related(
            "pair__cohort__program__mentoring_settings",
            "pair__stored_facts",
            "participant__employee",
            "participant__application",
            "participant__trust_profile",
            "goal_plan",
        )
        .order_by("role", "joined_at", "pk")
    )
    viewer = min(
        (m for m in members if m.participant.employee.user_id == user.pk), key=lambda m: m.pk, default=None
    )
    if viewer is None:
        raise Http404("No such pair")
    pair = viewer.pair
    for member in members:
        member.pair = pair
    return pair, viewer, members


def meeting_for_member_or_404(*, user, pk: int) -> tuple[Meeting, PairMember]:
    """The meeting ``pk`` and the user's place in its pair; 404 unless the user is a member."""
    meeting = (
        Meeting.objects.filter(pk=pk, pair__in=current_memberships(user).values("pair_id"))
        .select_related("pair__cohort__program", "learning_session")
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting")
    member = member_in_pair(pair=meeting.pair, user=user)
    if member is None:  # left between the two reads
        raise Http404("No such meeting")
    return meeting, member


def cohort_participant(*, cohort_id: int, user) -> Participant | None:
    """The user's selected participation in a cohort, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Participant.objects.filter(
            cohort_id=cohort_id, employee__user=user, status=ParticipantStatus.SELECTED
        )
        .order_by("id")
        .first()
    )


def session_for_viewer_or_404(*, user, membership, pk: int) -> tuple[LearningSession, Participant | None]:
    """A learning session for a cohort manager, or for a participant in its audience; else 404.

    Returns the session and the viewer's participation (None for a manager who is not in it).
    """
    session = LearningSession.objects.select_related("cohort__program").filter(pk=pk).first()
    if session is None:
        raise Http404("No such session")
    participant = cohort_participant(cohort_id=session.cohort_id, user=user)
    if participant is not None and session.is_for(participant.role):
        return session, participant
    if membership is not None and membership.can(Permission.PROGRAMS_MANAGE):
        return session, participant
    raise Http404("No such session")
