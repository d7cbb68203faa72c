"""A program's match settings, with a preview of the class under the weights being edited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from cohorts.models import Cohort
from matching import charts, selectors
from matching.forms import MatchSettingsForm
from matching.inputs import settings_for
from matching.services.settings import match_settings_build, match_settings_save
from organizations.clock import organization_tz
from organizations.roles import Permission
from organizations.tenancy import permission_required
from programs.models import Program


@permission_required(Permission.PROGRAMS_MANAGE)
def program_settings(request, org_slug, pk):
    """GET the form; POST "preview" runs the class under the new settings (nothing saved, HTMX
    replaces the preview panel); POST "save" stores them."""
    program = get_object_or_404(Program, pk=pk)
    current = settings_for(program)
    tz = organization_tz(request.organization)
    form = MatchSettingsForm(
        request.POST or None,
        initial=MatchSettingsForm.initial_for(current),
        tz=tz,
        structure=program.structure,
    )
    cohort = Cohort.objects.filter(program=program).first()
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "save":
                match_settings_save(program=program, actor=request.user, **form.choices())
                messages.success(
                    request, f"Match settings of {program.name} saved. They apply to the next run."
                )
                if cohort is not None:
                    return redirect("matching:cohort", org_slug=org_slug, pk=cohort.pk)
                return redirect("matching:settings", org_slug=org_slug, pk=program.pk)
            candidate = match_settings_build(program=program, **form.choices())
            preview = selectors.settings_preview(program=program, candidate=candidate)
        except ValidationError as error:
            form.add_service_errors(error)
    context = {
        "program": program,
        "cohort": cohort,
        "form": form,
        "preview": preview,
        "preview_charts": _charts(preview),
        "saved": current.pk is not None,
    }
    if request.htmx and request.method == "POST":
        return render(request, "matching/_settings_preview.html", context)
    return render(request, "matching/settings.html", context)


def _charts(preview):
    if preview is None or preview.candidate is None:
        return None
    best = preview.candidate.summary.histogram[-1].high if preview.candidate.summary.histogram else 1.0
    return {
        "current": charts.histogram(preview.current.summary, best_possible=best),
        "candidate": charts.histogram(preview.candidate.summary, best_possible=best),
    }
