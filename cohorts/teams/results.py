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
    (``may_see_scores``) and the submitted comments: three queries however many teams (the
    submitted reviews with their reviewers, their scores, the council's seats)."""
    if not teams:
        return []
    cohort_id = teams[0].cohort_id
    reviews = list(
        CouncilReview.objects.filter(team__in=teams, submitted_at__isnull=False)
        .select_related("reviewer")
        .order_by("team_id", "submitted_at", "id")  # the reviews' own order, as the page listed them
    )
    scores: dict[int, dict[int, list[int]]] = {}
    submitted_scores = CouncilScore.objects.filter(review__in=[review.pk for review in reviews]).values_list(
        "review__team_id", "criterion_id", "score"
    )
    for team_id, criterion_id, score in submitted_scores:
        scores.setdefault(team_id, {}).setdefault(criterion_id, []).append(score)
    seats = list(
        CouncilSeat.objects.filter(cohort_id=cohort_id).select_related("user").order_by("user__email")
    )
    rows = []
    for team in teams:
        own = [review for review in reviews if review.team_id == team.pk]
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
                    seats=seats,
                ),
                comments=[review for review in own if review.comment] if visible else [],
                sponsored=access.sponsors(user, team),
            )
        )
    return rows


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
