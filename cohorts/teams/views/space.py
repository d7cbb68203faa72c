"""The team space: for its members, sponsor, adviser and managers; 404 for everyone else.

Files are served only by ``team_file_download``, after the same check as the space itself.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from cohorts.models import Participant, ParticipantStatus
from cohorts.teams import access, selectors
from cohorts.teams.forms import AdviserForm, MilestoneForm, PostForm, RecommendationForm, TeamFileForm
from cohorts.teams.models import TeamFile, TeamMilestone
from cohorts.teams.services import space
from organizations.documents import human_size
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.uploads import refuse_declared_larger_than
from organizations.view_helpers import message_errors, post_only
from programs.models import ApplicantRole


def _mentors(team):
    return Participant.objects.filter(
        cohort_id=team.cohort_id, role=ApplicantRole.MENTOR, status=ParticipantStatus.SELECTED
    ).select_related("employee")


def _back(org_slug, team, anchor=""):
    response = redirect("teams:team", org_slug=org_slug, pk=team.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@permission_required(Permission.TEAMS_PARTICIPATE)
def team_detail(request, org_slug, pk):
    team, role = selectors.team_for_viewer_or_404(user=request.user, pk=pk)
    context = {
        "team": team,
        "role": role,
        "contributes": access.contributes_to(role),
        "manages": role == "manager" or access.manages_teams(request.user, team.organization_id),
        "milestone_form": MilestoneForm(),
        "file_form": TeamFileForm(),
        "post_form": PostForm(),
        "recommendation_form": RecommendationForm(initial={"recommendation": team.recommendation}),
        **selectors.team_space(team),
    }
    if context["manages"]:
        context["adviser_form"] = AdviserForm(mentors=_mentors(team), initial={"adviser": team.adviser_id})
    return render(request, "cohorts/teams/team.html", context)


def _act(request, org_slug, pk, anchor, action):
    """Look the team up (404 for outsiders), then POST only, then run ``action(team)``."""
    team, _ = selectors.team_for_viewer_or_404(user=request.user, pk=pk)
    if refused := post_only(request):
        return refused
    try:
        message = action(team)
    except PermissionDenied:
        messages.error(request, "Only the team's members and program managers can change this.")
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, message)
    return _back(org_slug, team, anchor)


def _form_or_error(form):
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    return form.cleaned_data


@permission_required(Permission.TEAMS_PARTICIPATE)
def milestone_add(request, org_slug, pk):
    def action(team):
        data = _form_or_error(MilestoneForm(request.POST))
        milestone = space.team_milestone_add(actor=request.user, team=team, **data)
        return f"Milestone “{milestone.title}” added."

    return _act(request, org_slug, pk, "milestones", action)


@permission_required(Permission.TEAMS_PARTICIPATE)
def milestone_toggle(request, org_slug, pk):
    milestone = get_object_or_404(TeamMilestone, pk=pk)

    def action(team):
        done = space.team_milestone_toggle(actor=request.user, milestone=milestone)
        return f"“{done.title}” is {'done' if done.done_at else 'open again'}."

    return _act(request, org_slug, milestone.team_id, "milestones", action)


def _team_file_limit() -> int:
    return settings.TEAM_FILE_MAX_BYTES


def _file_too_large(request, size: int, limit: int, org_slug: str, pk: int):
    # The team is looked up first, so an outsider still gets the 404 of a team that isn't there.
    team, _ = selectors.team_for_viewer_or_404(user=request.user, pk=pk)
    messages.error(
        request,
        f"This upload is {human_size(size)}; files can be at most {human_size(limit)}. "
        "Compress it or share a link in the thread instead. Nothing was stored.",
    )
    return _back(org_slug, team, "files")


@permission_required(Permission.TEAMS_PARTICIPATE)
@refuse_declared_larger_than(_team_file_limit, _file_too_large)
def file_upload(request, org_slug, pk):
    def action(team):
        data = _form_or_error(TeamFileForm(request.POST, request.FILES))
        item = space.team_file_add(
            actor=request.user,
            team=team,
            upload=data["file"],
            title=data["title"],
            is_recommendation=data["is_recommendation"],
        )
        return f"“{item.title}” uploaded."

    return _act(request, org_slug, pk, "files", action)


@permission_required(Permission.TEAMS_PARTICIPATE)
def file_delete(request, org_slug, pk):
    item = get_object_or_404(TeamFile, pk=pk)

    def action(team):
        space.team_file_delete(actor=request.user, item=item)
        return f"“{item.title}” removed."

    return _act(request, org_slug, item.team_id, "files", action)


@permission_required(Permission.TEAMS_PARTICIPATE)
def file_download(request, org_slug, pk):
    item = get_object_or_404(TeamFile, pk=pk)
    selectors.team_for_viewer_or_404(user=request.user, pk=item.team_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("This file is no longer available") from None
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(Permission.TEAMS_PARTICIPATE)
def post_add(request, org_slug, pk):
    def action(team):
        data = _form_or_error(PostForm(request.POST))
        space.team_post_add(actor=request.user, team=team, text=data["text"])
        return "Posted."

    return _act(request, org_slug, pk, "thread", action)


@permission_required(Permission.TEAMS_PARTICIPATE)
def recommendation_save(request, org_slug, pk):
    def action(team):
        data = _form_or_error(RecommendationForm(request.POST))
        space.team_recommendation_save(actor=request.user, team=team, recommendation=data["recommendation"])
        return "Recommendation saved."

    return _act(request, org_slug, pk, "recommendation", action)


@permission_required(Permission.PROGRAMS_MANAGE)
def adviser_set(request, org_slug, pk):
    def action(team):
        form = AdviserForm(request.POST, mentors=_mentors(team))
        data = _form_or_error(form)
        space.team_adviser_set(actor=request.user, team=team, adviser=data["adviser"])
        return f"Adviser: {data['adviser'].employee.name}." if data["adviser"] else "The team has no adviser."

    return _act(request, org_slug, pk, "people", action)
