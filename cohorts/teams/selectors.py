"""Reads for project teams; pages and the API call the same ones."""

from django.db.models import Q, QuerySet
from django.http import Http404

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from cohorts.teams import access
from cohorts.teams.models import BusinessChallenge, ChallengePreference, ChallengeStatus
from programs.models import ApplicantRole


def open_cohorts() -> QuerySet[Cohort]:
    """Cohorts that take challenges: being chosen or running."""
    return Cohort.objects.filter(status__in=[CohortStatus.SELECTING, CohortStatus.ACTIVE]).select_related(
        "program"
    )


def challenge_list() -> QuerySet[BusinessChallenge]:
    return BusinessChallenge.objects.select_related("sponsor", "cohort__program").order_by(
        "cohort_id", "created_at", "id"
    )


def _mine(user) -> Q:
    return Q(submitted_by=user) | Q(sponsor__user=user)


def challenges_for_viewer(
    *, user, organization_id: int, cohort: Cohort | None = None
) -> QuerySet[BusinessChallenge]:
    """Managers see every challenge; others the ones they submitted or sponsor, and accepted ones."""
    challenges = challenge_list()
    if cohort is not None:
        challenges = challenges.filter(cohort=cohort)
    if access.manages_teams(user, organization_id):
        return challenges
    return challenges.filter(_mine(user) | Q(status=ChallengeStatus.ACCEPTED))


def my_challenges(*, user) -> QuerySet[BusinessChallenge]:
    """The challenges the person submitted or sponsors."""
    return challenge_list().filter(_mine(user))


def challenge_for_viewer_or_404(*, user, organization_id: int, pk) -> BusinessChallenge:
    """A challenge the person may read: managers, its submitter and sponsor, and, once accepted,
    senior leaders and the people of its cohort. Anyone else: 404."""
    challenge = challenge_list().filter(pk=pk).first()
    if challenge is None:
        raise Http404("No such challenge")
    if access.manages_teams(user, organization_id):
        return challenge
    if challenge.submitted_by_id == user.pk or challenge.sponsor.user_id == user.pk:
        return challenge
    if challenge.status == ChallengeStatus.ACCEPTED:
        in_cohort = Participant.objects.filter(
            cohort_id=challenge.cohort_id, employee__user=user, status=ParticipantStatus.SELECTED
        ).exists()
        leader = access.employee_of(user, organization_id)
        if in_cohort or (leader is not None and access.is_senior_leader(leader)):
            return challenge
    raise Http404("No such challenge")


def accepted_challenges(cohort: Cohort) -> QuerySet[BusinessChallenge]:
    return challenge_list().filter(cohort=cohort, status=ChallengeStatus.ACCEPTED)


def my_mentee_participations(*, user) -> QuerySet[Participant]:
    """Where the person is a selected mentee in a cohort that is being chosen or running."""
    return Participant.objects.filter(
        employee__user=user,
        role=ApplicantRole.MENTEE,
        status=ParticipantStatus.SELECTED,
        cohort__status__in=[CohortStatus.SELECTING, CohortStatus.ACTIVE],
    ).select_related("cohort__program")


def my_mentee_participation_or_404(*, user, cohort_id) -> Participant:
    participant = my_mentee_participations(user=user).filter(cohort_id=cohort_id).first()
    if participant is None:
        raise Http404("You are not a mentee in this cohort")
    return participant


def preferences_of(participant: Participant) -> list[ChallengePreference]:
    return list(participant.challenge_preferences.select_related("challenge").order_by("rank"))


def team_list() -> QuerySet:
    from cohorts.teams.models import ProjectTeam

    return ProjectTeam.objects.select_related("challenge__sponsor", "adviser__employee", "cohort").order_by(
        "cohort_id", "challenge__created_at", "id"
    )


def team_for_viewer_or_404(*, user, pk) -> tuple:
    """A team and what the person is to it (``access.team_role``); anyone else gets 404."""
    team = team_list().filter(pk=pk).first()
    role = access.team_role(user, team) if team is not None else None
    if role is None:
        raise Http404("No such team")
    return team, role


def my_teams(*, user) -> QuerySet:
    """Teams the person is a member of, sponsors or advises."""
    return (
        team_list()
        .filter(
            Q(members__participant__employee__user=user)
            | Q(challenge__sponsor__user=user)
            | Q(adviser__employee__user=user)
        )
        .distinct()
    )


def team_space(team) -> dict:
    return {
        "members": list(
            team.members.select_related("participant__employee").order_by("participant__employee__name")
        ),
        "milestones": list(team.milestones.all()),
        "files": list(team.files.all()),
        "posts": list(team.posts.select_related("author").all()),
    }


def council_teams_for(*, user, cohort_id) -> list:
    """The cohort's teams as the person's council sheet: each with whether they sponsor it and
    their own review, if any."""
    from cohorts.teams.models import CouncilReview

    reviews = {r.team_id: r for r in CouncilReview.objects.filter(reviewer=user, team__cohort_id=cohort_id)}
    return [
        {"team": team, "sponsored": access.sponsors(user, team), "review": reviews.get(team.pk)}
        for team in team_list().filter(cohort_id=cohort_id).select_related("presentation")
    ]


def my_council_seats(*, user) -> QuerySet:
    from cohorts.teams.models import CouncilSeat

    return CouncilSeat.objects.filter(
        user=user, cohort__status__in=[CohortStatus.SELECTING, CohortStatus.ACTIVE]
    ).select_related("cohort__program")


def talent_pool(
    *, department: str = "", level: int | None = None, cohort_id: int | None = None, readiness: str = ""
):
    """Every talent flag with the person's roster department and level, newest first, filtered."""
    from cohorts.teams.models import TalentFlag

    flags = TalentFlag.objects.select_related("participant__employee", "cohort", "flagged_by").order_by(
        "participant__employee__name", "-updated_at", "id"
    )
    if department:
        flags = flags.filter(participant__employee__department=department)
    if level is not None:
        flags = flags.filter(participant__employee__level=level)
    if cohort_id is not None:
        flags = flags.filter(cohort_id=cohort_id)
    if readiness:
        flags = flags.filter(readiness=readiness)
    return flags


def talent_flags_in(cohort) -> QuerySet:
    from cohorts.teams.models import TalentFlag

    return TalentFlag.objects.filter(cohort=cohort).select_related("participant__employee", "flagged_by")


def times_flagged(*, user) -> int:
    """How many flags the person carries: what they may know, never the notes."""
    from cohorts.teams.models import TalentFlag

    return TalentFlag.objects.filter(participant__employee__user=user).count()


def class_mentees(cohort) -> QuerySet:
    return (
        Participant.objects.filter(
            cohort=cohort, role=ApplicantRole.MENTEE, status=ParticipantStatus.SELECTED
        )
        .select_related("employee")
        .order_by("employee__name", "id")
    )
