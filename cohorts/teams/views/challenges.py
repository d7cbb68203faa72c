"""Challenge pages: submit one, read it, accept or decline it, rank the accepted ones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from cohorts.teams import access, selectors
from cohorts.teams.forms import ChallengeForm, PreferencesForm
from cohorts.teams.models import BusinessChallenge
from cohorts.teams.services.challenges import challenge_decide, challenge_preferences_set, challenge_submit
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, message_errors, post_only


def _cohort_or_404(pk):
    return get_object_or_404(selectors.open_cohorts(), pk=pk)


@permission_required(Permission.CHALLENGES_SUBMIT)
def challenge_list(request, org_slug, pk):
    cohort = _cohort_or_404(pk)
    return render(
        request,
        "cohorts/teams/challenge_list.html",
        {
            "cohort": cohort,
            "challenges": selectors.challenges_for_viewer(
                user=request.user, organization_id=request.organization.pk, cohort=cohort
            ),
            "manages": request.membership.can(Permission.PROGRAMS_MANAGE),
        },
    )


@permission_required(Permission.CHALLENGES_SUBMIT)
def challenge_create(request, org_slug, pk):
    cohort = _cohort_or_404(pk)
    manages = request.membership.can(Permission.PROGRAMS_MANAGE)
    sponsors = access.senior_leaders(request.organization) if manages else None
    form = ChallengeForm(request.POST or None, sponsors=sponsors)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = challenge_submit(actor=request.user, cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request, f"“{challenge.title}” is submitted. A program manager will accept or decline it."
            )
            return redirect("teams:challenge", org_slug=org_slug, pk=challenge.pk)
    return render(request, "cohorts/teams/challenge_form.html", {"cohort": cohort, "form": form})


@permission_required(Permission.TEAMS_PARTICIPATE)
def challenge_detail(request, org_slug, pk):
    challenge = selectors.challenge_for_viewer_or_404(
        user=request.user, organization_id=request.organization.pk, pk=pk
    )
    return render(
        request,
        "cohorts/teams/challenge_detail.html",
        {"challenge": challenge, "manages": request.membership.can(Permission.PROGRAMS_MANAGE)},
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def challenge_decision(request, org_slug, pk):
    challenge = get_object_or_404(BusinessChallenge, pk=pk)
    if refused := post_only(request):
        return refused
    accept = request.POST.get("decision") == "accept"
    try:
        challenge = challenge_decide(actor=request.user, challenge=challenge, accept=accept)
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, f"“{challenge.title}” is {challenge.get_status_display().lower()}.")
    return redirect("teams:challenges", org_slug=org_slug, pk=challenge.cohort_id)


@permission_required(Permission.TEAMS_PARTICIPATE)
def preferences(request, org_slug, pk):
    """A mentee ranks up to three accepted challenges they would like to work on."""
    participant = selectors.my_mentee_participation_or_404(user=request.user, cohort_id=pk)
    challenges = list(selectors.accepted_challenges(participant.cohort))
    current = [p.challenge_id for p in selectors.preferences_of(participant)]
    form = PreferencesForm(request.POST or None, challenges=challenges, initial_ids=current)
    if request.method == "POST" and form.is_valid():
        try:
            challenge_preferences_set(
                actor=request.user, participant=participant, challenge_ids=form.ranked_ids()
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Your preferences are saved. The program manager forms the teams.")
            return redirect("teams:preferences", org_slug=org_slug, pk=pk)
    return render(
        request,
        "cohorts/teams/preferences.html",
        {"cohort": participant.cohort, "challenges": challenges, "form": form},
    )
