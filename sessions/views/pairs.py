"""The pages of the people in pairs: my mentoring, the pair space, the relationship check-in,
and reporting a partner who does not respond."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from cohorts.navigation import selected_participant_known
from goals.selectors import pair_goals
from organizations.clock import local_date
from organizations.page_cache import cached_page
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, message_errors, post_only
from sessions import selectors
from sessions.access import pair_for_member_or_404, pair_members_for_member_or_404
from sessions.forms import CheckInForm, UnresponsiveReportForm
from sessions.meeting_rows import past_meetings_html
from sessions.services.checkins import checkin_answer, open_checkin_for
from sessions.services.reports import NOTE_LIMIT, unresponsive_partner_report


@permission_required(Permission.MENTORING_PARTICIPATE)
def my_mentoring(request, org_slug):
    return render(request, "sessions/my_mentoring.html", {"mine": selectors.my_mentoring(user=request.user)})


@permission_required(Permission.MENTORING_PARTICIPATE)
@cached_page
def pair_space(request, org_slug, pk):
    """The pair's own space. Privacy: members only (others get 404), see sessions/access.py."""
    pair, member, members = pair_members_for_member_or_404(user=request.user, pk=pk)
    now = timezone.now()
    pair.organization = pair.cohort.organization = request.organization
    selected_participant_known(request, member.participant)
    space = selectors.pair_space(
        pair=pair,
        viewer=member,
        viewer_user=request.user,
        now=now,
        organization=request.organization,
        members=members,
    )
    return render(
        request,
        "sessions/pair_space.html",
        {
            "space": space,
            "pair": pair,
            # Goal plans are the goals app's: it picks the plans this viewer may read.
            "pair_goals": pair_goals(pair, request.user, pair_members=members),
            "today": local_date(now, request.organization),
            "report_note_limit": NOTE_LIMIT,
            # The earlier meetings' rows, built in Python (sessions/meeting_rows.py: the same markup).
            "past_meetings_html": past_meetings_html(
                space.past_meetings, org_slug=org_slug, timezone_name=request.organization.timezone
            ),
        },
    )


@permission_required(Permission.MENTORING_PARTICIPATE)
def report_unresponsive(request, org_slug, pk):
    """A member tells the program team a partner does not respond (POST from the pair space)."""
    pair, member = pair_for_member_or_404(user=request.user, pk=pk)
    if refused := post_only(request):
        return refused
    partners = [m for m in selectors.pair_members(pair) if m.pk != member.pk]
    form = UnresponsiveReportForm(request.POST, partners=partners)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            report = unresponsive_partner_report(
                actor=request.user,
                pair=pair,
                about_id=form.cleaned_data.get("about"),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            name = report.about.participant.employee.name
            messages.success(
                request,
                f"Thank you. The program team now knows that {name} is not responding and will "
                f"follow up with you. {name} is not told about your report.",
            )
    return redirect("mentoring:pair", org_slug=org_slug, pk=pair.pk)


@permission_required(Permission.MENTORING_PARTICIPATE)
def checkin(request, org_slug, pk):
    """The viewer's open relationship check-in for the pair ``pk`` (the emailed link)."""
    pair, member = pair_for_member_or_404(user=request.user, pk=pk)
    open_checkin = open_checkin_for(pair=pair, member=member)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and open_checkin is not None and form.is_valid():
        try:
            checkin_answer(actor=request.user, checkin=open_checkin, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Thank you! Your answers are with the program team.")
            return redirect("mentoring:pair", org_slug=org_slug, pk=pair.pk)
    partners = [m for m in selectors.pair_members(pair) if m.pk != member.pk]
    return render(
        request,
        "sessions/checkin.html",
        {"pair": pair, "checkin": open_checkin, "form": form, "partners": partners},
    )
