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
    submitted = CouncilReview.objects.filter(team=team, submitted_at__isnull=False)
    scores: dict[int, list[int]] = {}
    for criterion_id, score in CouncilScore.objects.filter(review__in=submitted).values_list(
        "criterion_id", "score"
    ):
        scores.setdefault(criterion_id, []).append(score)
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
    reviewed = set(submitted.values_list("reviewer_id", flat=True))
    sponsor_user = team.challenge.sponsor.user_id
    seats = (
        CouncilSeat.objects.filter(cohort_id=team.cohort_id).select_related("user").order_by("user__email")
    )
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
