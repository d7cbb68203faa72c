"""A program's mentoring settings page, for its managers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from cohorts.models import Cohort
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors
from programs.models import Program
from sessions.forms import MentoringSettingsForm
from sessions.services.settings import EDITABLE_FIELDS, mentoring_settings_for, mentoring_settings_update


@permission_required(Permission.PROGRAMS_MANAGE)
def program_settings(request, org_slug, pk):
    program = get_object_or_404(Program, pk=pk)
    settings = mentoring_settings_for(program=program)
    form = MentoringSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            mentoring_settings_update(
                actor=request.user,
                program=program,
                **{name: form.cleaned_data[name] for name in EDITABLE_FIELDS},
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Mentoring settings saved. Pair health uses them from now on.")
            cohort = Cohort.objects.filter(program=program).first()
            if cohort is not None:
                return redirect("mentoring:overview", org_slug=org_slug, pk=cohort.pk)
            return redirect("mentoring:program_settings", org_slug=org_slug, pk=program.pk)
    return render(request, "sessions/program_settings.html", {"form": form, "program": program})
