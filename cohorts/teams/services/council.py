"""The council: who sits on it, the criteria it scores on, presentation slots, and reviews.

A council member cannot score a team they sponsor; scores stay hidden from other council
members until they have submitted their own (``cohorts/teams/results.py`` reads them).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus
from cohorts.teams import access
from cohorts.teams.models import (
    DEFAULT_CRITERIA,
    MAX_SCORE,
    MIN_SCORE,
    CouncilReview,
    CouncilScore,
    CouncilSeat,
    Presentation,
    ProjectTeam,
    ReviewCriterion,
)
from cohorts.teams.services.text import clean_text
from organizations.models import Membership
from organizations.roles import Role

MAX_CRITERIA = 10
CRITERION_MAX_LENGTH = 120
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2999, 12, 31, tzinfo=datetime.UTC)
MAX_MINUTES = 8 * 60


def _manager(actor, cohort: Cohort) -> None:
    if not access.manages_teams(actor, cohort.organization_id):
        raise PermissionDenied("Only program managers set up the council.")
    if cohort.status == CohortStatus.COMPLETED:
        raise ValidationError(f"{cohort.name} is completed; its council can no longer change.")


def criteria_for(cohort: Cohort) -> list[ReviewCriterion]:
    """The cohort's criteria, made from the defaults the first time they are asked for."""
    criteria = list(ReviewCriterion.objects.filter(cohort=cohort))
    if criteria:
        return criteria
    with transaction.atomic():
        for position, name in enumerate(DEFAULT_CRITERIA):
            ReviewCriterion.objects.get_or_create(
                cohort=cohort,
                name=name,
                defaults={"organization_id": cohort.organization_id, "position": position},
            )
    return list(ReviewCriterion.objects.filter(cohort=cohort))


@transaction.atomic
def council_set(*, actor, cohort: Cohort, user_ids: list) -> list[CouncilSeat]:
    """Seat exactly these senior leaders (user ids) on the cohort's council."""
    _manager(actor, cohort)
    try:
        ids = {int(value) for value in user_ids}
    except (TypeError, ValueError):
        raise ValidationError("Choose council members from the list.") from None
    leaders = set(
        Membership.objects.filter(
            organization_id=cohort.organization_id, role=Role.SENIOR_LEADER, user_id__in=ids
        ).values_list("user_id", flat=True)
    )
    if leaders != ids:
        raise ValidationError("The council is made of the organization's senior leaders.")
    CouncilSeat.objects.filter(cohort=cohort).exclude(user_id__in=ids).delete()
    for user_id in ids:
        CouncilSeat.objects.get_or_create(
            cohort=cohort, user_id=user_id, defaults={"organization_id": cohort.organization_id}
        )
    return list(CouncilSeat.objects.filter(cohort=cohort))


@transaction.atomic
def criteria_set(*, actor, cohort: Cohort, names: list[str]) -> list[ReviewCriterion]:
    """Replace the score sheet's criteria, in order. A criterion kept by name keeps its scores;
    one taken off the list takes its scores with it."""
    _manager(actor, cohort)
    cleaned = [name.strip() for name in names if isinstance(name, str) and name.strip()]
    if not cleaned:
        raise ValidationError({"criteria": ["List at least one criterion, one per line."]})
    if len(cleaned) > MAX_CRITERIA:
        raise ValidationError({"criteria": [f"Keep to {MAX_CRITERIA} criteria at most."]})
    if any(len(name) > CRITERION_MAX_LENGTH for name in cleaned):
        raise ValidationError({"criteria": [f"Keep each criterion to {CRITERION_MAX_LENGTH} characters."]})
    if len({n.casefold() for n in cleaned}) != len(cleaned):
        raise ValidationError({"criteria": ["Each criterion once, please."]})
    ReviewCriterion.objects.filter(cohort=cohort).exclude(name__in=cleaned).delete()
    for position, name in enumerate(cleaned):
        ReviewCriterion.objects.update_or_create(
            cohort=cohort,
            name=name,
            defaults={"organization_id": cohort.organization_id, "position": position},
        )
    return list(ReviewCriterion.objects.filter(cohort=cohort))


@transaction.atomic
def presentation_schedule(
    *, actor, team: ProjectTeam, starts_at: datetime.datetime, minutes: int, location: str = ""
) -> Presentation:
    """Give the team its slot before the council (or move it: calendars get a higher sequence)."""
    _manager(actor, team.cohort)
    errors: dict[str, list[str]] = {}
    if not isinstance(starts_at, datetime.datetime) or timezone.is_naive(starts_at):
        errors.setdefault("starts_at", []).append("Give the day and time it starts.")
    elif not EARLIEST <= starts_at <= LATEST:
        errors.setdefault("starts_at", []).append("Give a date between 2000 and 2999.")
    if not isinstance(minutes, int) or not 5 <= minutes <= MAX_MINUTES:
        errors.setdefault("minutes", []).append("A slot lasts 5 minutes to 8 hours.")
    location = clean_text(location, "location", "the place", errors, required=False, max_length=200)
    if errors:
        raise ValidationError(errors)
    ends_at = starts_at + datetime.timedelta(minutes=minutes)
    presentation = Presentation.objects.filter(team=team).first()
    if presentation is None:
        return Presentation.objects.create(
            organization_id=team.organization_id,
            team=team,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
        )
    presentation.starts_at, presentation.ends_at, presentation.location = starts_at, ends_at, location
    presentation.sequence += 1
    presentation.save()
    return presentation


@transaction.atomic
def review_save(
    *, actor, team: ProjectTeam, scores: dict, comment: str = "", submit: bool = True
) -> CouncilReview:
    """Save ``actor``'s scores (criterion id → 1 to 5) and comment on ``team``.

    Council members of the team's cohort only, never on a team they sponsor. Submitting needs a
    score on every criterion; a submitted review may still be corrected.
    """
    if access.council_seat(actor, team.cohort_id) is None:
        raise PermissionDenied("Only members of this cohort's council score its teams.")
    if access.sponsors(actor, team):
        raise ValidationError("You sponsor this team's challenge, so you do not score it.")
    criteria = {c.pk: c for c in criteria_for(team.cohort)}
    errors: dict[str, list[str]] = {}
    clean: dict[int, int] = {}
    for raw_key, raw_score in scores.items():
        try:
            key, score = int(raw_key), int(raw_score)
        except (TypeError, ValueError):
            errors.setdefault("scores", []).append("Scores are whole numbers from 1 to 5.")
            continue
        if key not in criteria:
            errors.setdefault("scores", []).append("Score the criteria on the sheet.")
        elif not MIN_SCORE <= score <= MAX_SCORE:
            errors.setdefault("scores", []).append(f"“{criteria[key].name}”: give a score from 1 to 5.")
        else:
            clean[key] = score
    if submit and not errors and set(clean) != set(criteria):
        missing = [criteria[k].name for k in criteria if k not in clean]
        errors.setdefault("scores", []).append(
            "Score every criterion before you submit: " + ", ".join(missing) + "."
        )
    comment = clean_text(comment, "comment", "your comment", errors, required=False)
    if errors:
        raise ValidationError(errors)
    review, _ = CouncilReview.objects.get_or_create(
        team=team, reviewer=actor, defaults={"organization_id": team.organization_id}
    )
    review.comment = comment
    if submit and review.submitted_at is None:
        review.submitted_at = timezone.now()
    review.save()
    for key, score in clean.items():
        CouncilScore.objects.update_or_create(
            review=review,
            criterion=criteria[key],
            defaults={"organization_id": team.organization_id, "score": score},
        )
    return review
