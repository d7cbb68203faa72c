"""A participant's own matching pages: their matches (and partners' trust profiles), the hybrid
ranking of their shortlist, and a private rematch request.

Someone reaches only their own rows: a pair they are not in, or a cohort where they are not a
mentee, is a 404 — the same answer as one that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from cohorts.models import Participant
from cohorts.navigation import selected_participant_known
from cohorts.profiles.visibility import can_view_profile
from matching import selectors
from matching.forms import RankingForm, RematchRequestForm
from matching.models import PairMember, PairStatus
from matching.selectors import COMPONENT_LABELS
from matching.services.ranking import mentee_ranking_submit, ranking_saved_words, shortlist_for
from matching.services.rematch import rematch_request_create
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors
from programs.models import ApplicantRole


@permission_required(Permission.MATCHING_PARTICIPATE)
def mine(request, org_slug):
    pairs = selectors.my_pairs(request.user)
    for entry in pairs:
        for partner in entry.partners:
            profile = getattr(partner.participant, "trust_profile", None)
            partner.readable_profile = (
                profile
                if profile is not None
                and can_view_profile(
                    profile=profile, viewer_user=request.user, viewer_membership=request.membership
                )
                else None
            )
    return render(
        request,
        "matching/mine.html",
        {
            "pairs": pairs,
            "rankable": selectors.my_rankable_participations(request.user),
            "waiting": selectors.my_waiting_participations(request.user),
        },
    )


def _my_membership(request, pair_pk: int) -> PairMember:
    member = (
        PairMember.objects.select_related("pair__cohort__program", "participant__employee")
        .filter(pair_id=pair_pk, participant__employee__user=request.user, left_at__isnull=True)
        .first()
    )
    if member is None or member.pair.status != PairStatus.ACTIVE:
        raise Http404("No such pair")
    return member


@permission_required(Permission.MATCHING_PARTICIPATE)
def rematch_ask(request, org_slug, pk):
    member = _my_membership(request, pk)
    form = RematchRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rematch_request_create(
                pair=member.pair, participant=member.participant, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                "Your request is with the program team. They will be in touch; your partner is not told.",
            )
            return redirect("matching:mine", org_slug=org_slug)
    return render(request, "matching/rematch_ask.html", {"member": member, "pair": member.pair, "form": form})


@permission_required(Permission.MATCHING_PARTICIPATE)
def shortlist(request, org_slug, pk):
    """A hybrid mentee's shortlist, with the reasons, and their ranking of it."""
    participant = get_object_or_404(
        Participant.objects.select_related("cohort__program", "cohort__organization", "employee"),
        cohort_id=pk,
        employee__user=request.user,
        role=ApplicantRole.MENTEE,
    )
    selected_participant_known(request, participant)  # the navigation need not ask again
    shortlist = shortlist_for(participant=participant)
    form = RankingForm(request.POST or None, options=shortlist.options)
    if request.method == "POST" and form.is_valid():
        try:
            mentee_ranking_submit(
                participant=participant, actor=request.user, mentor_ids=form.cleaned_data["mentor_ids"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            count = len(form.cleaned_data["mentor_ids"])
            messages.success(
                request, ranking_saved_words(count, shortlist.match_settings, request.organization)
            )
            return redirect("matching:shortlist", org_slug=org_slug, pk=pk)
    return render(
        request,
        "matching/shortlist.html",
        {
            "participant": participant,
            "cohort": participant.cohort,
            "shortlist": shortlist,
            "form": form,
            "labels": COMPONENT_LABELS,
        },
    )
