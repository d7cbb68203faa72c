"""Erasing a person (admins): a confirmation that says what goes and what stays, then
``organizations.erasure.person_erase``."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from organizations.erasure import is_erased, person_erase
from organizations.models import Employee
from organizations.reauth import recent_sign_in_required
from organizations.roles import Permission
from organizations.tenancy import permission_required


class EraseForm(forms.Form):
    confirm_name = forms.CharField(label="Type the person's name to confirm", max_length=300)

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee

    def clean_confirm_name(self):
        typed = " ".join(self.cleaned_data["confirm_name"].split())
        if typed.casefold() != " ".join(self.employee.name.split()).casefold():
            raise forms.ValidationError(
                f"Type “{self.employee.name}” exactly, to be sure it is the right person."
            )
        return typed


@permission_required(Permission.MEMBERS_MANAGE)
@recent_sign_in_required
def person_erase_view(request, org_slug, pk):
    employee = get_object_or_404(Employee.objects.select_related("user"), pk=pk)
    if is_erased(employee):
        messages.info(request, "This person was erased already.")
        return redirect("roster_employee", org_slug=org_slug, pk=pk)
    form = EraseForm(request.POST or None, employee=employee)
    if request.method == "POST" and form.is_valid():
        result = person_erase(organization=request.organization, employee=employee, actor=request.user)
        messages.success(
            request,
            f"Erased. {result.rows_changed} records lost their personal details; the figures stay the same.",
        )
        return redirect("roster_employee", org_slug=org_slug, pk=pk)
    return render(request, "organizations/erasure/confirm.html", {"employee": employee, "form": form})
