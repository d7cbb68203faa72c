"""Forming teams: the assistant proposes, the manager applies it and moves people by hand,
with the mix shown before and after every change."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from cohorts.models import Participant
from cohorts.selection import spread
from cohorts.teams import selectors
from cohorts.teams.formation import propose_teams, roster_order, team_mix
from cohorts.teams.models import ProjectTeam
from cohorts.teams.services.formation import team_member_move, teams_form
from cohorts.teams.team_inputs import formation_inputs
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import message_errors, post_only

DEFAULT_SIZE = 4
MAX_SIZE = 12


def _size(raw) -> int | None:
    try:
        size = int(raw)
    except (TypeError, ValueError):
        return None
    return size if 1 <= size <= MAX_SIZE else None


def _rows(inputs, teams: dict, pool) -> list[dict]:
    """One row per challenge: its people, and its mix in percent."""
    rows = []
    for challenge in inputs.challenges:
        members = teams.get(challenge.pk, [])
        rows.append(
            {
                "challenge": challenge,
                "people": [inputs.participants[c.id] for c in members],
                "mix": round(100 * spread(members, pool=pool).overall) if members else None,
            }
        )
    return rows


@permission_required(Permission.PROGRAMS_MANAGE)
def formation(request, org_slug, pk):
    cohort = get_object_or_404(selectors.open_cohorts(), pk=pk)
    inputs = formation_inputs(cohort)
    current = inputs.current_teams()
    keys = [c.pk for c in inputs.challenges]
    size_given = "size" in request.GET
    size = _size(request.GET.get("size")) if size_given else None
    proposal = None
    if size_given and size is None:
        messages.error(request, f"Choose a team size from 1 to {MAX_SIZE}.")
    elif size and keys:
        proposal = propose_teams(
            inputs.mentees, keys, size, preferences=inputs.preferences, forbidden=inputs.forbidden
        )
    has_teams = any(current.values())
    before = (
        current
        if has_teams
        else roster_order(inputs.mentees, keys, size or DEFAULT_SIZE, forbidden=inputs.forbidden)
    )
    placed = {c.id for members in current.values() for c in members}
    teams_by_challenge = {t.challenge_id: t for t in ProjectTeam.objects.filter(cohort=cohort)}
    return render(
        request,
        "cohorts/teams/formation.html",
        {
            "cohort": cohort,
            "inputs": inputs,
            "size": size or DEFAULT_SIZE,
            "max_size": MAX_SIZE,
            "has_teams": has_teams,
            "current_rows": _rows(inputs, current, inputs.mentees),
            "current_mix": round(100 * team_mix(current, inputs.mentees)) if has_teams else None,
            "before_label": "your teams now" if has_teams else "filling teams in roster order",
            "before_mix": round(100 * team_mix(before, inputs.mentees)) if keys else None,
            "proposal": proposal,
            "proposal_rows": _rows(inputs, proposal.teams, inputs.mentees) if proposal else [],
            "proposal_mix": round(100 * proposal.mix) if proposal else None,
            "unplaced": [inputs.participants[c.id] for c in inputs.mentees if c.id not in placed],
            "teams_by_challenge": teams_by_challenge,
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def form_teams(request, org_slug, pk):
    """Apply a proposal: the page sends ``team_<challenge id>`` = participant ids."""
    cohort = get_object_or_404(selectors.open_cohorts(), pk=pk)
    if refused := post_only(request):
        return refused
    assignments = {
        name.removeprefix("team_"): request.POST.getlist(name)
        for name in request.POST
        if name.startswith("team_")
    }
    try:
        mix = teams_form(actor=request.user, cohort=cohort, assignments=assignments)
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, f"Teams formed. Their mix is {round(100 * mix)}%.")
    return redirect("teams:formation", org_slug=org_slug, pk=cohort.pk)


@permission_required(Permission.PROGRAMS_MANAGE)
def move_member(request, org_slug, pk):
    """Move one mentee to another team (or out of every team), showing the mix before and after."""
    cohort = get_object_or_404(selectors.open_cohorts(), pk=pk)
    if refused := post_only(request):
        return refused
    participant = Participant.objects.filter(
        cohort=cohort, pk=_int_or_none(request.POST.get("participant"))
    ).first()
    raw_team = request.POST.get("team", "")
    team = ProjectTeam.objects.filter(cohort=cohort, pk=_int_or_none(raw_team)).first() if raw_team else None
    if participant is None or (raw_team and team is None):
        messages.error(request, "Choose a mentee of this class and one of its teams.")
        return redirect("teams:formation", org_slug=org_slug, pk=cohort.pk)
    try:
        before, after = team_member_move(actor=request.user, participant=participant, team=team)
    except ValidationError as error:
        message_errors(request, error)
    else:
        where = f"the team on “{team.challenge.title}”" if team else "no team"
        messages.success(
            request,
            f"{participant.employee.name} is in {where}. Mix of the teams: "
            f"{round(100 * before)}% before, {round(100 * after)}% after.",
        )
    return redirect("teams:formation", org_slug=org_slug, pk=cohort.pk)


def _int_or_none(raw) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**63 else None  # beyond a database integer: no such row
