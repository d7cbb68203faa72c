"""Business challenges: senior leaders submit them, managers accept or decline them, mentees
rank the accepted ones they would like to work on."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from cohorts.teams import access
from cohorts.teams.models import BusinessChallenge, ChallengePreference, ChallengeStatus
from cohorts.teams.services.text import clean_text, clean_title
from organizations.models import Employee
from organizations.roles import Permission
from programs.models import ApplicantRole

MAX_PREFERENCES = 3


def _open_cohort(cohort: Cohort) -> None:
    if cohort.status == CohortStatus.COMPLETED:
        raise ValidationError(f"{cohort.name} is completed; its challenges can no longer change.")


@transaction.atomic
def challenge_submit(
    *,
    actor,
    cohort: Cohort,
    title: str,
    problem: str,
    why_it_matters: str,
    expected_outcome: str,
    sponsor: Employee | None = None,
) -> BusinessChallenge:
    """Submit a challenge for ``cohort``; it waits for a manager's decision.

    A senior leader sponsors what they submit (their own roster row; ``sponsor`` must be empty
    or themselves). A manager submitting on a leader's behalf names the sponsor, who must be a
    senior leader of the organization. Every field is required, titles up to 160 characters and
    texts up to 4,000.
    """
    membership = access.membership_of(actor, cohort.organization_id)
    if membership is None or not membership.can(Permission.CHALLENGES_SUBMIT):
        raise PermissionDenied("Only senior leaders and program managers submit challenges.")
    _open_cohort(cohort)
    errors: dict[str, list[str]] = {}
    title = clean_title(title, "title", errors)
    problem = clean_text(problem, "problem", "what the problem is", errors)
    why_it_matters = clean_text(why_it_matters, "why_it_matters", "why it matters", errors)
    expected_outcome = clean_text(expected_outcome, "expected_outcome", "what outcome you expect", errors)
    own_row = access.employee_of(actor, cohort.organization_id)
    if membership.can(Permission.PROGRAMS_MANAGE):
        sponsor = sponsor or (own_row if own_row and access.is_senior_leader(own_row) else None)
        if sponsor is None:
            errors.setdefault("sponsor", []).append("Choose the senior leader who sponsors this challenge.")
        elif sponsor.organization_id != cohort.organization_id or not access.is_senior_leader(sponsor):
            errors.setdefault("sponsor", []).append(
                "The sponsor must be one of your organization's senior leaders."
            )
    else:
        if own_row is None:
            raise ValidationError(
                "Your account is not linked to a row of the HR roster, so you cannot sponsor a "
                "challenge yet. Ask an admin to link it."
            )
        if sponsor is not None and sponsor.pk != own_row.pk:
            errors.setdefault("sponsor", []).append("You sponsor the challenges you submit.")
        sponsor = own_row
    if errors:
        raise ValidationError(errors)
    return BusinessChallenge.objects.create(
        organization_id=cohort.organization_id,
        cohort=cohort,
        title=title,
        problem=problem,
        why_it_matters=why_it_matters,
        expected_outcome=expected_outcome,
        sponsor=sponsor,
        submitted_by=actor,
    )


@transaction.atomic
def challenge_decide(*, actor, challenge: BusinessChallenge, accept: bool) -> BusinessChallenge:
    """Accept (the challenge gets a team when teams are formed) or decline a challenge.

    Managers only. A challenge whose team is formed cannot be declined until that team is removed.
    """
    if not access.manages_teams(actor, challenge.organization_id):
        raise PermissionDenied("Only program managers accept or decline challenges.")
    challenge = BusinessChallenge.objects.select_for_update().select_related("cohort").get(pk=challenge.pk)
    _open_cohort(challenge.cohort)
    if not accept and hasattr(challenge, "team"):
        raise ValidationError("A team works on this challenge; remove the team before declining it.")
    challenge.status = ChallengeStatus.ACCEPTED if accept else ChallengeStatus.DECLINED
    challenge.decided_by = actor
    challenge.decided_at = timezone.now()
    challenge.save(update_fields=["status", "decided_by", "decided_at"])
    if not accept:
        challenge.preferences.all().delete()
    return challenge


@transaction.atomic
def challenge_preferences_set(
    *, actor, participant: Participant, challenge_ids: list
) -> list[ChallengePreference]:
    """Replace ``participant``'s ranked wishes with ``challenge_ids`` (first choice first).

    The person themselves only, as a selected mentee; up to three different accepted
    challenges of their own cohort. An empty list clears them.
    """
    participant = Participant.objects.select_related("employee", "cohort").get(pk=participant.pk)
    if actor is None or participant.employee.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the mentee themselves states their preferences.")
    if participant.status != ParticipantStatus.SELECTED or participant.role != ApplicantRole.MENTEE:
        raise ValidationError("Only mentees in the class state preferences among challenges.")
    _open_cohort(participant.cohort)
    try:
        ids = [int(value) for value in challenge_ids if str(value).strip()]
    except (TypeError, ValueError):
        raise ValidationError("Choose challenges from the list.") from None
    if len(ids) != len(set(ids)):
        raise ValidationError("Choose each challenge once.")
    if len(ids) > MAX_PREFERENCES:
        raise ValidationError(f"Choose at most {MAX_PREFERENCES} challenges.")
    challenges = {
        c.pk: c
        for c in BusinessChallenge.objects.filter(
            cohort_id=participant.cohort_id, status=ChallengeStatus.ACCEPTED, pk__in=ids
        )
    }
    if len(challenges) != len(ids):
        raise ValidationError("Choose among this cohort's accepted challenges.")
    ChallengePreference.objects.filter(participant=participant).delete()
    return [
        ChallengePreference.objects.create(
            organization_id=participant.organization_id,
            participant=participant,
            challenge=challenges[pk],
            rank=rank,
        )
        for rank, pk in enumerate(ids, start=1)
    ]
