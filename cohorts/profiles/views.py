"""Trust profile pages: a participant fills theirs, the people allowed read it, managers follow
completion per cohort and edit the organization's framework.

Who reads a profile is decided by ``cohorts.profiles.visibility.can_view_profile`` alone; anyone else
gets the same 404 as for a participant that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from cohorts.models import Cohort, Participant, ParticipantStatus, ProfileSection, TrustProfile
from cohorts.profiles import selectors
from cohorts.profiles.forms import ProfileFrameworkForm, TrustProfileForm
from cohorts.profiles.services import (
    EDITABLE_COHORT_STATUSES,
    profile_framework_for,
    profile_framework_update,
    trust_profile_reminders_send,
    trust_profile_save,
)
from cohorts.profiles.visibility import can_view_profile, manages_profiles
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, message_errors, post_only
from programs.models import ApplicantRole


def _saved_message(profile: TrustProfile, *, for_self: bool, name: str) -> str:
    whose = "Your" if for_self else f"{name}'s"
    if profile.is_complete:
        return f"{whose} trust profile is saved and complete."
    missing = ", ".join(ProfileSection(s).label.lower() for s in profile.missing_sections)
    percent = round(100 * profile.completion)
    return f"{whose} trust profile is saved ({percent}% complete). Still to fill: {missing}."


def _profile_form(request, participant: Participant, *, for_self: bool):
    """The form page shared by the person and a manager filling in for them."""
    if participant.cohort.status not in EDITABLE_COHORT_STATUSES:
        messages.info(
            request, f"{participant.cohort.name} is completed, so its trust profiles are kept as they were."
        )
        return redirect(
            "cohorts:profile",
            org_slug=request.organization.slug,
            pk=participant.cohort_id,
            participant_pk=participant.pk,
        )
    framework = profile_framework_for(request.organization)
    profile = selectors.profile_or_blank(participant)
    options = {
        "framework": framework,
        "is_mentor": participant.role == ApplicantRole.MENTOR,
        "for_self": for_self,
    }
    if request.method == "POST":
        form = TrustProfileForm(request.POST, **options)
        if form.is_valid():
            try:
                profile = trust_profile_save(
                    participant=participant,
                    actor=request.user,
                    values=form.cleaned_data["values"],
                    passions=form.cleaned_data["passions"],
                    purpose_statement=form.cleaned_data["purpose_statement"],
                    strengths=form.cleaned_data["strengths"],
                    learning_wishes=form.cleaned_data["learning_wishes"],
                    mentor_capacity=form.cleaned_data.get("mentor_capacity"),
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request, _saved_message(profile, for_self=for_self, name=participant.employee.name)
                )
                return redirect(
                    "cohorts:profile",
                    org_slug=request.organization.slug,
                    pk=participant.cohort_id,
                    participant_pk=participant.pk,
                )
    else:
        form = TrustProfileForm(initial=TrustProfileForm.initial_for(profile), **options)
    return render(
        request,
        "cohorts/profiles/profile_form.html",
        {
            "form": form,
            "participant": participant,
            "cohort": participant.cohort,
            "profile": profile,
            "for_self": for_self,
        },
    )


@permission_required(Permission.PROFILES_FILL)
def my_profiles(request, org_slug):
    """Every cohort the person is selected in, with how far their profile is."""
    return render(
        request,
        "cohorts/profiles/my_profiles.html",
        {"participations": selectors.my_participations(user=request.user)},
    )


@permission_required(Permission.PROFILES_FILL)
def my_profile(request, org_slug, pk):
    participant = selectors.my_participation_in(user=request.user, cohort_id=pk)
    if participant is None:
        raise Http404("You are not in this cohort")
    return _profile_form(request, participant, for_self=True)


@permission_required(Permission.PROGRAMS_MANAGE)
def profile_edit(request, org_slug, pk, participant_pk):
    participant = selectors.participant_in_cohort(cohort_id=pk, participant_id=participant_pk)
    if participant is None or participant.status != ParticipantStatus.SELECTED:
        raise Http404("No such participant")
    if participant.employee.user_id == request.user.pk:
        return redirect("cohorts:my_profile", org_slug=org_slug, pk=pk)
    return _profile_form(request, participant, for_self=False)


@permission_required(Permission.PROFILES_FILL)
def profile_detail(request, org_slug, pk, participant_pk):
    """One profile, for the person, their published partners and program managers; else 404."""
    participant = selectors.participant_in_cohort(cohort_id=pk, participant_id=participant_pk)
    if participant is None:
        raise Http404("No such profile")
    profile = selectors.profile_or_blank(participant)
    if not can_view_profile(profile=profile, viewer_user=request.user, viewer_membership=request.membership):
        raise Http404("No such profile")
    is_self = participant.employee.user_id == request.user.pk
    is_manager = manages_profiles(request.membership)
    editable = (
        participant.status == ParticipantStatus.SELECTED
        and participant.cohort.status in EDITABLE_COHORT_STATUSES
    )
    return render(
        request,
        "cohorts/profiles/profile_detail.html",
        {
            "participant": participant,
            "cohort": participant.cohort,
            "profile": profile,
            "is_self": is_self,
            "is_manager": is_manager,
            "is_partner": not is_self and not is_manager,
            "can_edit": editable and (is_self or is_manager),
            "missing": [ProfileSection(s).label for s in profile.missing_sections],
            "is_mentor": participant.role == ApplicantRole.MENTOR,
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def cohort_profiles(request, org_slug, pk):
    """Every participant of the class with their profile's completion and what is missing."""
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    return render(
        request,
        "cohorts/profiles/cohort_profiles.html",
        {
            "cohort": cohort,
            "profiles": selectors.cohort_profiles(cohort=cohort),
            "can_remind": cohort.status in EDITABLE_COHORT_STATUSES,
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def cohort_profiles_remind(request, org_slug, pk):
    """POST: remind everyone in the class whose trust profile is not complete (once a day each)."""
    cohort = get_object_or_404(Cohort, pk=pk)
    if refused := post_only(request):
        return refused
    try:
        result = trust_profile_reminders_send(cohort=cohort, actor=request.user)
    except ValidationError as error:
        message_errors(request, error)
    else:
        (messages.success if result.reminded else messages.info)(request, result.summary)
    return redirect("cohorts:profiles", org_slug=org_slug, pk=cohort.pk)


@permission_required(Permission.PROGRAMS_MANAGE)
def profile_framework(request, org_slug):
    """The passions, values and skills the organization's profiles pick from."""
    framework = profile_framework_for(request.organization)
    if request.method == "POST":
        form = ProfileFrameworkForm(request.POST)
        if form.is_valid():
            try:
                profile_framework_update(
                    organization=request.organization, actor=request.user, **form.lists()
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request, "The profile framework is saved; new and edited profiles pick from it."
                )
                return redirect("cohorts:profile_framework", org_slug=org_slug)
    else:
        form = ProfileFrameworkForm(initial=ProfileFrameworkForm.initial_for(framework))
    return render(request, "cohorts/profiles/framework.html", {"form": form, "framework": framework})
