"""Matching pages for program managers: a cohort's matching, its runs, and the hand edits.

Every object comes through its scoped manager with ``get_object_or_404``, so another
organization's id is a 404, the same answer as an id that does not exist. Views parse, call
one service or selector, and render; HTMX requests get the changed fragment only.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from cohorts.models import Cohort
from matching import charts, selectors
from matching.forms import SwapForm
from matching.inputs import cohort_memberships, settings_for
from matching.models import (
    ForbiddenPair,
    MatchRun,
    PinnedPair,
    ProposedPair,
    RematchRequest,
    RematchStatus,
    RunStatus,
)
from matching.services import edits, publish, runs
from matching.services import ranking as ranking_service
from matching.views.circles import circle_context
from organizations.page_cache import cached_page
from organizations.roles import Permission
from organizations.subquery_count import SubqueryCount
from organizations.tenancy import permission_required
from organizations.text import join_names
from organizations.view_helpers import add_form_errors, parse_id
from programs.models import Structure
from programs.vocabulary import words_for


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _run(pk: int) -> MatchRun:
    return get_object_or_404(
        MatchRun.objects.select_related("cohort__program", "parent", "created_by"), pk=pk
    )


def _run_url(org_slug: str, run: MatchRun) -> str:
    return reverse("matching:run", kwargs={"org_slug": org_slug, "pk": run.pk})


@permission_required(Permission.PROGRAMS_MANAGE)
def home(request, org_slug):
    return render(request, "matching/home.html", {"cohorts": selectors.matching_cohorts()})


@permission_required(Permission.PROGRAMS_MANAGE)
def cohort(request, org_slug, pk):
    # The open rematch requests counted with the cohort: one query fewer for the page budget.
    cohort = get_object_or_404(
        Cohort.objects.select_related("program").annotate(
            open_requests=SubqueryCount(
                RematchRequest.objects.filter(cohort=OuterRef("pk"), status=RematchStatus.OPEN)
            )
        ),
        pk=pk,
    )
    match_settings = settings_for(cohort.program)
    runs_list = selectors.runs_of(cohort)
    memberships = cohort_memberships(cohort)  # read once for the class figures and the places
    figures = selectors.class_figures(cohort, memberships=memberships)
    in_class = figures.people if cohort.program.structure == Structure.PEER_CIRCLE else figures.mentees
    published = next((r for r in runs_list if r.status == RunStatus.PUBLISHED), None)
    return render(
        request,
        "matching/cohort.html",
        {
            "cohort": cohort,
            "match_settings": match_settings,
            "figures": figures,
            "unpaired": max(in_class - figures.paired, 0),
            "runs": runs_list,
            "has_draft": any(r.status == RunStatus.DRAFT for r in runs_list),
            "pins": selectors.pins_of(cohort),
            "forbids": selectors.forbids_of(cohort),
            "open_requests": cohort.open_requests,
            "published_run": published,
            "mentors_without_mentee": selectors.mentors_without_mentee(published) if published else [],
            "places": selectors.places_figures(cohort, memberships=memberships)
            if cohort.program.structure != Structure.PEER_CIRCLE
            else None,
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def run_create(request, org_slug, pk):
    cohort = get_object_or_404(Cohort, pk=pk)
    try:
        run = runs.match_run_create(cohort=cohort, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("matching:cohort", org_slug=org_slug, pk=cohort.pk)
    messages.success(
        request, f"Run {run.number} is ready: review the {words_for(run.structure).units}, then publish."
    )
    return redirect(_run_url(org_slug, run))


@permission_required(Permission.PROGRAMS_MANAGE)
@cached_page
def run(request, org_slug, pk):
    run = _run(pk)
    page = selectors.run_page(run, page_number=request.GET.get("page") or 1)
    swap_form = None
    if run.is_draft:
        # The choices are this page's pairs, prepared: the page queries nothing while it draws.
        swap_form = SwapForm(
            run=run,
            initial={"first": request.GET.get("first")},
            proposals=[row.proposal for row in page.rows],
        )
    return render(
        request,
        "matching/run.html",
        {
            **circle_context(run),
            "run": run,
            "cohort": run.cohort,
            "page": page,
            "chart": charts.histogram(page.summary, best_possible=run.best_possible_score),
            "swap_form": swap_form,
            "labels": selectors.COMPONENT_LABELS,
            "has_other_runs": MatchRun.objects.filter(cohort=run.cohort_id).exclude(pk=run.pk).exists(),
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def rerun(request, org_slug, pk):
    run = _run(pk)
    try:
        new = runs.match_run_rerun(run=run, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(_run_url(org_slug, run))
    compare_url = reverse("matching:compare", kwargs={"org_slug": org_slug, "pk": new.pk})
    messages.success(
        request,
        format_html(
            'Run {} made with your {} kept. <a href="{}?with={}">Compare it with run {}</a>.',
            new.number,
            "choices" if new.is_circles else "pins",
            compare_url,
            run.pk,
            run.number,
        ),
    )
    return redirect(_run_url(org_slug, new))


def _row_response(request, org_slug, run: MatchRun, proposal: ProposedPair):
    """The changed table row for HTMX (with the run's list of pins and never-pairs, swapped
    out of band so it agrees), or back to the run page at that row."""
    if request.htmx:
        page = selectors.run_page(run, only=proposal.pk)
        row = next(r for r in page.rows if r.proposal.pk == proposal.pk)
        return render(request, "matching/_proposal_row_changed.html", {"run": run, "row": row, "page": page})
    return redirect(_run_url(org_slug, run) + f"#pair-{proposal.pk}")


def _proposal(run: MatchRun, proposal_pk: int) -> ProposedPair:
    return get_object_or_404(
        ProposedPair.objects.select_related("mentee__employee", "mentor__employee"), pk=proposal_pk, run=run
    )


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def pin(request, org_slug, pk, proposal_pk):
    run = _run(pk)
    proposal = _proposal(run, proposal_pk)
    try:
        edits.pair_pin(cohort=run.cohort, mentee=proposal.mentee, mentor=proposal.mentor, actor=request.user)
    except ValidationError as error:
        return _refused(request, org_slug, run, error)
    if not request.htmx:
        messages.success(
            request,
            f"Pinned: {proposal.mentee.employee.name} stays with {proposal.mentor.employee.name} "
            "in every run.",
        )
    proposal.refresh_from_db()
    return _row_response(request, org_slug, run, proposal)


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def forbid(request, org_slug, pk, proposal_pk):
    run = _run(pk)
    proposal = _proposal(run, proposal_pk)
    try:
        edits.pair_forbid(
            cohort=run.cohort, mentee=proposal.mentee, mentor=proposal.mentor, actor=request.user
        )
    except ValidationError as error:
        return _refused(request, org_slug, run, error)
    if not request.htmx:
        messages.success(
            request,
            f"{proposal.mentee.employee.name} and {proposal.mentor.employee.name} will not be paired again. "
            "Run matching again to replace this pair.",
        )
    return _row_response(request, org_slug, run, proposal)


def _refused(request, org_slug, run: MatchRun, error: ValidationError):
    """Show the service's message on the run page (HTMX reloads the page to show it)."""
    _errors(request, error)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _run_url(org_slug, run)
        return response
    return redirect(_run_url(org_slug, run))


_RULE_PEOPLE = ("cohort", "mentee__employee", "mentor__employee")


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def unpin(request, org_slug, pk):
    pin = get_object_or_404(PinnedPair.objects.select_related(*_RULE_PEOPLE), pk=pk)
    edits.pair_unpin(pin=pin, actor=request.user)
    if not request.htmx:
        messages.success(
            request, f"Pin removed: the next run may pair {pin.mentee.employee.name} differently."
        )
    return _back(request, org_slug, pin.cohort_id)


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def unforbid(request, org_slug, pk):
    forbid = get_object_or_404(ForbiddenPair.objects.select_related(*_RULE_PEOPLE), pk=pk)
    edits.pair_unforbid(forbid=forbid, actor=request.user)
    if not request.htmx:
        messages.success(
            request,
            f"{forbid.mentee.employee.name} and {forbid.mentor.employee.name} may be paired again.",
        )
    return _back(request, org_slug, forbid.cohort_id)


def _back(request, org_slug, cohort_pk: int):
    """After undoing a pin or a never-pair: the changed row (HTMX) or the run page the button
    was on, at that row; else the cohort's matching page."""
    run_pk = parse_id(request.POST.get("run"))
    run = (
        MatchRun.objects.select_related("cohort__program", "parent", "created_by")
        .filter(pk=run_pk, cohort_id=cohort_pk)
        .first()
        if run_pk
        else None
    )
    if run is None:
        return redirect("matching:cohort", org_slug=org_slug, pk=cohort_pk)
    proposal_pk = parse_id(request.POST.get("proposal"))
    proposal = ProposedPair.objects.filter(pk=proposal_pk, run=run).first() if proposal_pk else None
    if proposal is None:
        return redirect(_run_url(org_slug, run))
    return _row_response(request, org_slug, run, proposal)


@permission_required(Permission.PROGRAMS_MANAGE)
def swap(request, org_slug, pk):
    """GET previews a swap of two pairs' mentors (score impact); POST applies it to the draft."""
    run = _run(pk)
    form = SwapForm(request.POST if request.method == "POST" else request.GET or None, run=run)
    preview = None
    if form.is_bound and form.is_valid():
        first, second = form.cleaned_data["first"], form.cleaned_data["second"]
        try:
            if request.method == "POST":
                edits.proposal_swap(run=run, first=first, second=second, actor=request.user)
                messages.success(
                    request,
                    f"Swapped: {first.mentee.employee.name} and {second.mentee.employee.name} "
                    "exchanged mentors. Both pairs are pinned, so running again keeps them; "
                    "unpin one to let matching choose again.",
                )
                return redirect(_run_url(org_slug, run))
            preview = edits.proposal_swap_preview(run=run, first=first, second=second)
        except ValidationError as error:
            add_form_errors(form, error)
    context = {
        "run": run,
        "cohort": run.cohort,
        "form": form,
        "preview": preview,
        "weights": run.settings_snapshot.get("weights", {}),
    }
    if preview is not None:
        context["changes"] = [
            (
                side,
                selectors.component_changes(
                    side.before.contributions, side.after.contributions, context["weights"]
                ),
            )
            for side in preview.sides
        ]
    template = "matching/_swap_preview.html" if request.htmx else "matching/swap.html"
    return render(request, template, context)


@permission_required(Permission.PROGRAMS_MANAGE)
def compare(request, org_slug, pk):
    run = _run(pk)
    others = MatchRun.objects.filter(cohort=run.cohort_id).exclude(pk=run.pk).order_by("-number")
    other_pk = request.GET.get("with")
    if other_pk:
        first = get_object_or_404(MatchRun, pk=parse_id(other_pk) or 0, cohort=run.cohort_id)
    else:
        first = run.parent or others.filter(number__lt=run.number).first() or others.first()
    comparison = selectors.run_comparison(first, run) if first is not None else None
    return render(
        request,
        "matching/compare.html",
        {"run": run, "cohort": run.cohort, "comparison": comparison, "others": others},
    )


def _without_mentee_sentence(mentors, run_url: str):
    """ " 2 mentors have no mentee: Ada and Grace (listed on the run).", or nothing."""
    if not mentors:
        return ""
    count = "1 mentor has" if len(mentors) == 1 else f"{len(mentors)} mentors have"
    return format_html(
        ' {} no mentee: {} (<a href="{}#without-mentee">listed on the run</a>).',
        count,
        join_names(m.employee.name for m in mentors),
        run_url,
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def publish_run(request, org_slug, pk):
    """GET: what publishing will do; POST: publish."""
    run = _run(pk)
    if request.method == "POST":
        try:
            publish.match_run_publish(run=run, actor=request.user)
        except ValidationError as error:
            _errors(request, error)
            return redirect("matching:publish", org_slug=org_slug, pk=run.pk)
        messages.success(
            request,
            format_html(
                "Published: {}. Everyone is being told, with a link to their "
                "match, and partners can now read each other's trust profiles.{}",
                publish.published_words(run),
                _without_mentee_sentence(selectors.mentors_without_mentee(run), _run_url(org_slug, run)),
            ),
        )
        return redirect("matching:cohort", org_slug=org_slug, pk=run.cohort_id)
    page = selectors.run_page(run)
    return render(
        request,
        "matching/publish.html",
        {
            "run": run,
            "cohort": run.cohort,
            "page": page,
            "what": publish.published_words(run),
            "w": words_for(run.structure),
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def ranking(request, org_slug, pk):
    """Hybrid: who has ranked their shortlist and who has not, with a reminder for the latter."""
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    if request.method == "POST":
        try:
            reminded = ranking_service.ranking_reminders_send(cohort=cohort, actor=request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request,
                f"Reminder sent to {reminded} mentee{'s' if reminded != 1 else ''}."
                if reminded
                else "Everyone who has not ranked was reminded today already.",
            )
        return redirect("matching:ranking", org_slug=org_slug, pk=cohort.pk)
    return render(
        request,
        "matching/ranking_status.html",
        {"cohort": cohort, "status": ranking_service.ranking_status(cohort=cohort)},
    )
