"""Forming project teams: apply a proposal, or move one person by hand."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cohorts.models import Cohort, CohortStatus, Participant
from cohorts.teams import access
from cohorts.teams.formation import team_mix
from cohorts.teams.models import ProjectTeam, TeamMember
from cohorts.teams.team_inputs import FormationInputs, formation_inputs


def _check(actor, cohort: Cohort) -> None:
    if not access.manages_teams(actor, cohort.organization_id):
        raise PermissionDenied("Only program managers form project teams.")
    if cohort.status == CohortStatus.COMPLETED:
        raise ValidationError(f"{cohort.name} is completed; its teams can no longer change.")


def _team_for(cohort: Cohort, challenge, actor) -> ProjectTeam:
    team, _ = ProjectTeam.objects.get_or_create(
        challenge=challenge,
        defaults={"organization_id": cohort.organization_id, "cohort": cohort, "formed_by": actor},
    )
    return team


def _conflict_message(inputs: FormationInputs, participant_id: int, challenge_id: int) -> str:
    person = inputs.participants[participant_id].employee.name
    challenge = next(c for c in inputs.challenges if c.pk == challenge_id)
    return (
        f"{person} cannot join the team on “{challenge.title}”: its sponsor, {challenge.sponsor.name}, "
        "is in their reporting line."
    )


@transaction.atomic
def teams_form(*, actor, cohort: Cohort, assignments: Mapping[int, list[int]]) -> float:
    """Replace the cohort's teams with ``assignments`` (challenge id → participant ids); return
    the new mix. Every accepted challenge gets a team; a mentee is in at most one; nobody joins
    a team sponsored by someone in their reporting line."""
    _check(actor, cohort)
    inputs = formation_inputs(cohort)
    challenge_ids = {c.pk for c in inputs.challenges}
    errors: list[str] = []
    seen: set[int] = set()
    clean: dict[int, list[int]] = {}
    for raw_key, raw_members in assignments.items():
        try:
            key = int(raw_key)
            members = [int(m) for m in raw_members]
        except (TypeError, ValueError):
            raise ValidationError("The teams sent are not readable; propose them again.") from None
        if key not in challenge_ids:
            raise ValidationError("A team must work on one of this cohort's accepted challenges.")
        for member in members:
            if member not in inputs.participants:
                raise ValidationError("Only mentees of this cohort's class can be in a team.")
            if member in seen:
                errors.append(
                    f"{inputs.participants[member].employee.name} is in two teams; keep them in one."
                )
            if (member, key) in inputs.forbidden:
                errors.append(_conflict_message(inputs, member, key))
            seen.add(member)
        clean[key] = members
    if errors:
        raise ValidationError(errors)
    TeamMember.objects.filter(team__cohort=cohort).delete()
    for challenge in inputs.challenges:
        team = _team_for(cohort, challenge, actor)
        TeamMember.objects.bulk_create(
            TeamMember(organization_id=cohort.organization_id, team=team, participant_id=member)
            for member in clean.get(challenge.pk, [])
        )
    return team_mix(formation_inputs(cohort).current_teams(), inputs.mentees)


@transaction.atomic
def team_member_move(*, actor, participant: Participant, team: ProjectTeam | None) -> tuple[float, float]:
    """Put ``participant`` in ``team`` (``None``: in no team); return the mix before and after."""
    cohort = participant.cohort
    _check(actor, cohort)
    inputs = formation_inputs(cohort)
    if participant.pk not in inputs.participants:
        raise ValidationError("Only mentees of this cohort's class can be in a team.")
    if team is not None and team.cohort_id != cohort.pk:
        raise ValidationError("Choose one of this cohort's teams.")
    if team is not None and (participant.pk, team.challenge_id) in inputs.forbidden:
        raise ValidationError(_conflict_message(inputs, participant.pk, team.challenge_id))
    before = team_mix(inputs.current_teams(), inputs.mentees)
    TeamMember.objects.filter(participant=participant).delete()
    if team is not None:
        TeamMember.objects.create(organization_id=cohort.organization_id, team=team, participant=participant)
    return before, team_mix(inputs.current_teams(), inputs.mentees)
