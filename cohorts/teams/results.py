"""Council results: per team and criterion the mean score, the spread between reviewers (highest
minus lowest) and who has not scored yet. Only submitted reviews count.

Who sees them: managers always; a council member for a team once they have submitted their own
review of it (so nobody anchors on the others' scores).
"""

from dataclasses import dataclass

from cohorts.teams import access
from cohorts.teams.models import CouncilReview, CouncilScore, CouncilSeat, ProjectTeam, ReviewCriterion


@dataclass(frozen=True)
class CriterionResult:
    criterion: ReviewCriterion
    mean: float | None
    spread: int | None
    scored: int


@dataclass(frozen=True)
class TeamResult:
    team: ProjectTeam
    criteria: list[CriterionResult]
    reviews: int
    not_scored: list  # users on the council who may score this team and have not submitted
    overall: float | None


def team_result(team: ProjectTeam, criteria: list[ReviewCriterion]) -> TeamResult:
    """One team's results (the API's team answer): four queries."""
    submitted = CouncilReview.objects.filter(team=team, submitted_at__isnull=False)
    scores: dict[int, list[int]] = {}
    for criterion_id, score in CouncilScore.objects.filter(review__in=submitted).values_list(
        "criterion_id", "score"
    ):
        scores.setdefault(criterion_id, []).append(score)
    reviewed = set(submitted.values_list("reviewer_id", flat=True))
    seats = list(
        CouncilSeat.objects.filter(cohort_id=team.cohort_id).select_related("user").order_by("user__email")
    )
    return _result(team, criteria, scores=scores, reviewed=reviewed, seats=seats)


@dataclass(frozen=True)
class TeamRow:
    """A team on the cohort's results page, as ``user`` sees it."""

    team: ProjectTeam
    visible: bool
    result: TeamResult
    comments: list[CouncilReview]
    sponsored: bool


def cohort_results(
    teams: list[ProjectTeam], criteria: list[ReviewCriterion], *, user, manages: bool
) -> list[TeamRow]:
    """Every team of one cohort with its results, what ``user`` may see of them
    (``may_see_scores``) and the submitted comments: three queries however many teams
    (``_council_reads``)."""
    reviews, scores, seats = _council_reads(teams)
    rows = []
    for team in teams:
        own = reviews.get(team.pk, [])
        visible = manages or any(review.reviewer_id == user.pk for review in own)
        rows.append(
            TeamRow(
                team=team,
                visible=visible,
                result=_result(
                    team,
                    criteria,
                    scores=scores.get(team.pk, {}),
                    reviewed={review.reviewer_id for review in own},
                    seats=seats.get(team.cohort_id, []),
                ),
                comments=[review for review in own if review.comment] if visible else [],
                sponsored=access.sponsors(user, team),
            )
        )
    return rows


def teams_results(teams: list[ProjectTeam]) -> list[TeamResult]:
    """``team_result`` of each team, of any cohorts (the API's list): four queries however many
    teams (their cohorts' criteria, then ``_council_reads``); a cohort whose criteria were never
    asked for gets the defaults, as ``criteria_for`` makes them."""
    from cohorts.teams.services.council import criteria_for

    criteria: dict[int, list[ReviewCriterion]] = {}
    for criterion in ReviewCriterion.objects.filter(cohort_id__in={team.cohort_id for team in teams}):
        criteria.setdefault(criterion.cohort_id, []).append(criterion)
    for team in teams:
        if team.cohort_id not in criteria:
            criteria[team.cohort_id] = criteria_for(team.cohort)
    reviews, scores, seats = _council_reads(teams)
    return [
        _result(
            team,
            criteria[team.cohort_id],
            scores=scores.get(team.pk, {}),
            reviewed={review.reviewer_id for review in reviews.get(team.pk, [])},
            seats=seats.get(team.cohort_id, []),
        )
        for team in teams
    ]


def _council_reads(teams: list[ProjectTeam]):
    """For the teams: their submitted reviews with the reviewers (by team, in the reviews' own
    order), the scores of those (by team and criterion), and their cohorts' council seats with
    the members (by cohort, by email). Three queries, none when there is no team."""
    if not teams:
        return {}, {}, {}
    reviews: dict[int, list[CouncilReview]] = {}
    for review in (
        CouncilReview.objects.filter(team__in=teams, submitted_at__isnull=False)
        .select_related("reviewer")
        .order_by("team_id", "submitted_at", "id")
    ):
        reviews.setdefault(review.team_id, []).append(review)
    scores: dict[int, dict[int, list[int]]] = {}
    submitted = [review.pk for found in reviews.values() for review in found]
    for team_id, criterion_id, score in CouncilScore.objects.filter(review__in=submitted).values_list(
        "review__team_id", "criterion_id", "score"
    ):
        scores.setdefault(team_id, {}).setdefault(criterion_id, []).append(score)
    seats: dict[int, list[CouncilSeat]] = {}
    for seat in (
        CouncilSeat.objects.filter(cohort_id__in={team.cohort_id for team in teams})
        .select_related("user")
        .order_by("user__email")
    ):
        seats.setdefault(seat.cohort_id, []).append(seat)
    return reviews, scores, seats


def _result(
    team: ProjectTeam,
    criteria: list[ReviewCriterion],
    *,
    scores: dict[int, list[int]],
    reviewed: set[int],
    seats: list[CouncilSeat],
) -> TeamResult:
    rows = []
    for criterion in criteria:
        values = scores.get(criterion.pk, [])
        rows.append(
            CriterionResult(
                criterion=criterion,
                mean=round(sum(values) / len(values), 1) if values else None,
                spread=(max(values) - min(values)) if values else None,
                scored=len(values),
            )
        )
    sponsor_user = team.challenge.sponsor.user_id
    not_scored = [s.user for s in seats if s.user_id not in reviewed and s.user_id != sponsor_user]
    means = [r.mean for r in rows if r.mean is not None]
    return TeamResult(
        team=team,
        criteria=rows,
        reviews=len(reviewed),
        not_scored=not_scored,
        overall=round(sum(means) / len(means), 1) if means else None,
    )


def may_see_scores(user, team: ProjectTeam) -> bool:
    if access.manages_teams(user, team.organization_id):
        return True
    return CouncilReview.objects.filter(team=team, reviewer=user, submitted_at__isnull=False).exists()
