"""Managers' side of rematches: the cohort's requests (with their private reasons) and their
resolution. PRIVACY: these pages are for program managers only (``programs.manage``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cohorts.models import Cohort
from matching import selectors
from matching.forms import RematchResolveForm
from matching.models import RematchOutcome, RematchRequest
from matching.services import rematch, runs
from organizations.roles import Permission
from organizations.tenancy import permission_required


@permission_required(Permission.PROGRAMS_MANAGE)
def rematch_requests(request, org_slug, pk):
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    return render(
        request,
        "matching/rematch_requests.html",
        {
            "cohort": cohort,
            "requests": selectors.rematch_requests_for_cohort(cohort),
            "form": RematchResolveForm(initial={"outcome": RematchOutcome.ENDED}),
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def rematch_resolve(request, org_slug, pk):
    rematch_request = get_object_or_404(RematchRequest.objects.select_related("cohort", "pair"), pk=pk)
    cohort_pk = rematch_request.cohort_id
    form = RematchResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to end the pair or keep it.")
        return redirect("matching:rematch_requests", org_slug=org_slug, pk=cohort_pk)
    end_pair = form.cleaned_data["outcome"] == RematchOutcome.ENDED
    try:
        rematch.rematch_resolve(request=rematch_request, actor=request.user, end_pair=end_pair)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("matching:rematch_requests", org_slug=org_slug, pk=cohort_pk)
    if not end_pair:
        messages.success(request, "Resolved: the pair continues.")
        return redirect("matching:rematch_requests", org_slug=org_slug, pk=cohort_pk)
    messages.success(request, "The pair has ended; its history is kept.")
    if form.cleaned_data["rerun"]:
        try:
            run = runs.match_run_create(cohort=rematch_request.cohort, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.warning(request, message)
        else:
            messages.info(
                request,
                f"Run {run.number} matches only the people without a pair. Review it, then publish.",
            )
            return redirect("matching:run", org_slug=org_slug, pk=run.pk)
    return redirect("matching:cohort", org_slug=org_slug, pk=cohort_pk)
