"""Inviting people from the roster, many at once: filter the roster, tick, choose a role, send.

GET lists the people one may invite (organizations.roster.invitable), filtered; POST sends to
the ticked ones with one service call and shows, on the same list, who was invited and who
was not, and why. The list keeps its filters through the POST (the form posts to its own
address, query string included).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

from organizations.clock import organization_today
from organizations.forms_members import BulkInvitationForm, InvitableFilterForm
from organizations.roles import Permission
from organizations.roster.invitable import INVITABLE_PAGE_SIZE, invitable_employees, invitable_filter_choices
from organizations.services.bulk_invitations import MAX_BULK_INVITATIONS, invitations_create_bulk
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, parse_id


@permission_required(Permission.MEMBERS_MANAGE)
def invite_from_roster(request, org_slug):
    today = organization_today(request.organization)
    result = None
    status = 200
    form = BulkInvitationForm(request.POST or None)
    chosen: set[int] = set()
    if request.method == "POST":
        raw_ids = request.POST.getlist("employees")
        ids = [parse_id(value) for value in raw_ids]
        chosen = {pk for pk in ids if pk is not None}
        if None in ids:
            form.add_error(None, "Some of the people you chose are not on the roster. Nothing was sent.")
        if form.is_valid():
            try:
                result = invitations_create_bulk(
                    organization=request.organization,
                    actor=request.user,
                    employee_ids=[pk for pk in ids if pk is not None],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                add_form_errors(form, error)
        if result is None:
            status = 400
        else:
            chosen = set()
            if result.invited:
                count = len(result.invited)
                messages.success(
                    request,
                    f"{count} invitation{'s' if count != 1 else ''} sent. They are listed under "
                    "Open invitations on the members page.",
                )
            form = BulkInvitationForm(initial={"role": form.cleaned_data["role"]})

    filter_form = InvitableFilterForm(request.GET, choices=invitable_filter_choices(as_of=today))
    filters = filter_form.filters()
    people = invitable_employees(as_of=today, **filters)
    total = people.count()
    context = {
        "filter_form": filter_form,
        "filtered": any(value not in ("", None) for value in filters.values()),
        "form": form,
        "people": list(people[:INVITABLE_PAGE_SIZE]),
        "total": total,
        "shown_limit": INVITABLE_PAGE_SIZE,
        "max_per_sending": MAX_BULK_INVITATIONS,
        "chosen": chosen,
        "result": result,
    }
    return render(request, "organizations/members/invite_roster.html", context, status=status)
