"""The council: managers seat it, set the criteria and the presentation slots; council members
score each team on one sheet; results show the mean, the spread and who has not scored yet."""

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cohorts.teams import access, results, selectors
from cohorts.teams.forms import CouncilForm, CriteriaForm, PresentationForm, ReviewForm
from cohorts.teams.models import CouncilReview, CouncilSeat, Presentation, ProjectTeam
from cohorts.teams.services.council import (
    council_set,
    criteria_for,
    criteria_set,
    presentation_schedule,
    review_save,
)
from organizations.ical import host, new_calendar, new_event
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, message_errors, post_only


@permission_required(Permission.PROGRAMS_MANAGE)
def council_setup(request, org_slug, pk):
    cohort = get_object_or_404(selectors.open_cohorts(), pk=pk)
    leaders = list(access.senior_leaders(request.organization))
    seated = [str(s.user_id) for s in CouncilSeat.objects.filter(cohort=cohort)]
    council_form = CouncilForm(initial={"members": seated}, leaders=leaders)
    criteria_form = CriteriaForm(initial={"criteria": "\n".join(c.name for c in criteria_for(cohort))})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "criteria":
                criteria_form = CriteriaForm(request.POST)
                if criteria_form.is_valid():
                    criteria_set(actor=request.user, cohort=cohort, names=criteria_form.names())
                    messages.success(request, "Criteria saved.")
                    return redirect("teams:council", org_slug=org_slug, pk=cohort.pk)
            else:
                council_form = CouncilForm(request.POST, leaders=leaders)
                if council_form.is_valid():
                    seats = council_set(
                        actor=request.user, cohort=cohort, user_ids=council_form.cleaned_data["members"]
                    )
                    messages.success(
                        request, f"The council has {len(seats)} member{'s' if len(seats) != 1 else ''}."
                    )
                    return redirect("teams:council", org_slug=org_slug, pk=cohort.pk)
        except ValidationError as error:
            add_form_errors(
                criteria_form if request.POST.get("action") == "criteria" else council_form, error
            )
    teams = selectors.team_list().filter(cohort=cohort).select_related("presentation")
    slots = [
        (
            team,
            PresentationForm(
                prefix=f"team{team.pk}",
                initial=_slot_initial(team, request.organization),
            ),
        )
        for team in teams
    ]
    return render(
        request,
        "cohorts/teams/council_setup.html",
        {"cohort": cohort, "council_form": council_form, "criteria_form": criteria_form, "slots": slots},
    )


def _slot_initial(team, organization) -> dict:
    presentation = getattr(team, "presentation", None)
    if presentation is None:
        return {}
    local = timezone.localtime(presentation.starts_at, zoneinfo.ZoneInfo(organization.timezone))
    minutes = int((presentation.ends_at - presentation.starts_at).total_seconds() // 60)
    return {
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "minutes": minutes,
        "location": presentation.location,
    }


@permission_required(Permission.PROGRAMS_MANAGE)
def presentation_set(request, org_slug, pk):
    team = get_object_or_404(ProjectTeam.objects.select_related("cohort", "challenge"), pk=pk)
    if refused := post_only(request):
        return refused
    with timezone.override(zoneinfo.ZoneInfo(request.organization.timezone)):
        form = PresentationForm(request.POST, prefix=f"team{team.pk}")
        try:
            valid = form.is_valid()
        except (OverflowError, ValueError):
            valid = False
            form.add_error(None, "Give a date between 2000 and 2999.")
    if valid:
        try:
            presentation_schedule(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, f"Presentation slot saved for “{team.challenge.title}”.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("teams:council", org_slug=org_slug, pk=team.cohort_id)


@permission_required(Permission.TEAMS_PARTICIPATE)
def presentation_ics(request, org_slug, pk):
    """The slot as a calendar file, for the team space's people and the council."""
    presentation = get_object_or_404(Presentation.objects.select_related("team__challenge__sponsor"), pk=pk)
    team = presentation.team
    if (
        access.team_role(request.user, team) is None
        and access.council_seat(request.user, team.cohort_id) is None
    ):
        raise Http404("No such presentation")
    link = settings.SITE_URL + reverse("teams:review", kwargs={"org_slug": org_slug, "pk": team.pk})
    calendar = new_calendar()
    event = new_event(
        uid=f"lodestar-presentation-{presentation.pk}@{host()}",
        summary=f"Council presentation: {team.challenge.title}",
        starts_at=presentation.starts_at,
        ends_at=presentation.ends_at,
        sequence=presentation.sequence,
        place=presentation.location,
        link=link,
        stamp=timezone.now(),
    )
    calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="presentation-{presentation.pk}.ics"'
    return response


@permission_required(Permission.TEAMS_PARTICIPATE)
def review(request, org_slug, pk):
    """One team's score sheet for a council member: the recommendation, 1–5 per criterion, a comment."""
    team = get_object_or_404(selectors.team_list().select_related("presentation"), pk=pk)
    if access.council_seat(request.user, team.cohort_id) is None:
        raise Http404("No such team")
    criteria = criteria_for(team.cohort)
    own = CouncilReview.objects.filter(team=team, reviewer=request.user).first()
    initial = {"comment": own.comment} if own else {}
    if own:
        initial |= {f"criterion_{s.criterion_id}": str(s.score) for s in own.scores.all()}
    form = ReviewForm(request.POST or None, criteria=criteria, initial=initial)
    sponsored = access.sponsors(request.user, team)
    if request.method == "POST" and not sponsored and form.is_valid():
        try:
            review_save(
                actor=request.user, team=team, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except PermissionDenied:
            raise Http404("No such team") from None
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request, f"Your scores for “{team.challenge.title}” are in. The council's results are below."
            )
            return redirect(
                reverse("teams:results", kwargs={"org_slug": org_slug, "pk": team.cohort_id})
                + f"#team-{team.pk}"
            )
    sheet = selectors.council_teams_for(user=request.user, cohort_id=team.cohort_id)
    return render(
        request,
        "cohorts/teams/review.html",
        {
            "team": team,
            "form": form,
            "sponsored": sponsored,
            "own": own,
            "sheet": sheet,
            "recommendation_files": [f for f in team.files.all() if f.is_recommendation],
            "members": team.members.select_related("participant__employee"),
        },
    )


@permission_required(Permission.TEAMS_PARTICIPATE)
def results_page(request, org_slug, pk):
    cohort = get_object_or_404(selectors.open_cohorts(), pk=pk)
    manages = access.manages_teams(request.user, cohort.organization_id)
    if not manages and access.council_seat(request.user, cohort.pk) is None:
        raise Http404("No such cohort")
    criteria = criteria_for(cohort)
    rows = results.cohort_results(
        list(selectors.team_list().filter(cohort=cohort)), criteria, user=request.user, manages=manages
    )
    return render(
        request,
        "cohorts/teams/results.html",
        {"cohort": cohort, "criteria": criteria, "rows": rows, "manages": manages},
    )
