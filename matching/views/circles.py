"""The manager's hand on peer circles: move a person, keep two together or apart, undo.

Each is a POST from the run page that calls one service in ``matching/services/circles.py`` and
goes back to the run page (or the cohort's matching page); refusals come back as messages.
Objects come through their scoped managers, so another organization's id is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cohorts.models import Cohort, Participant
from matching.forms import CircleChoiceForm, CircleMoveForm
from matching.models import CircleChoice, MatchRun
from matching.selectors.circles import circle_page
from matching.services import circles
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import parse_id


def circle_context(run: MatchRun) -> dict:
    """What the run page adds for a peer-circle run (``templates/matching/_circles.html``)."""
    if not run.is_circles:
        return {}
    page = circle_page(run)
    return {
        "circles": page,
        "move_form": CircleMoveForm(run=run, circles=len(page.cards)) if run.is_draft else None,
        "choice_form": CircleChoiceForm(cohort=run.cohort) if run.is_draft else None,
    }


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_refused(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def _back(request, org_slug: str, cohort_pk: int):
    """To the run page the button was on (one of the cohort's runs), else the cohort's page."""
    run_pk = parse_id(request.POST.get("run"))
    run = MatchRun.objects.filter(pk=run_pk, cohort_id=cohort_pk).first() if run_pk else None
    if run is None:
        return redirect("matching:cohort", org_slug=org_slug, pk=cohort_pk)
    return redirect(reverse("matching:run", kwargs={"org_slug": org_slug, "pk": run.pk}) + "#circles")


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def move(request, org_slug, pk):
    run = get_object_or_404(MatchRun.objects.select_related("cohort__program"), pk=pk)
    circles_count = run.circle_members.order_by("-circle").values_list("circle", flat=True).first() or 0
    form = CircleMoveForm(request.POST, run=run, circles=circles_count)
    if not form.is_valid():
        _form_refused(request, form)
    else:
        person = form.cleaned_data["participant"]
        try:
            circles.circle_member_move(
                run=run, participant=person, circle=form.cleaned_data["circle"], actor=request.user
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                f"{person.employee.name} is in circle {form.cleaned_data['circle']} now, and stays with "
                "its people when you run again.",
            )
    return redirect(reverse("matching:run", kwargs={"org_slug": org_slug, "pk": run.pk}) + "#circles")


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def choose(request, org_slug, pk):
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    form = CircleChoiceForm(request.POST, cohort=cohort)
    if not form.is_valid():
        _form_refused(request, form)
    else:
        data = form.cleaned_data
        try:
            choice = circles.circle_choice_add(
                cohort=cohort,
                first=data["first"],
                second=data["second"],
                kind=data["kind"],
                actor=request.user,
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            how = "in one circle" if choice.kind == "together" else "in different circles"
            messages.success(
                request,
                f"{data['first'].employee.name} and {data['second'].employee.name} are kept {how} "
                "from the next run on.",
            )
    return _back(request, org_slug, cohort.pk)


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def choice_remove(request, org_slug, pk):
    choice = get_object_or_404(
        CircleChoice.objects.select_related("cohort", "first__employee", "second__employee"), pk=pk
    )
    circles.circle_choice_remove(choice=choice, actor=request.user)
    messages.success(
        request,
        f"The next run may place {choice.first.employee.name} and {choice.second.employee.name} either way.",
    )
    return _back(request, org_slug, choice.cohort_id)


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def group_release(request, org_slug, pk):
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    person_pk = parse_id(request.POST.get("participant"))
    person = (
        Participant.objects.select_related("employee").filter(pk=person_pk, cohort=cohort).first()
        if person_pk
        else None
    )
    if person is None:
        messages.error(request, "Choose a group to release.")
        return _back(request, org_slug, cohort.pk)
    try:
        circles.circle_group_release(cohort=cohort, participant=person, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, f"{person.employee.name}'s group is released: the next run places them freely."
        )
    return _back(request, org_slug, cohort.pk)
