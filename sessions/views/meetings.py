"""Meetings, for the people in the pair only: schedule, reschedule, log, notes, action items,
and the .ics file. Privacy: every view starts with sessions/access.py, so nobody outside the
pair — managers included — reaches a meeting's content; they get 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from organizations.clock import local_date, local_label
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, message_errors, post_only
from sessions import selectors
from sessions.access import current_memberships, meeting_for_member_or_404, pair_for_member_or_404
from sessions.calendars import meeting_calendar
from sessions.forms import (
    ActionItemForm,
    ActionItemFormSet,
    MeetingForm,
    MeetingLogForm,
    PrivateNoteForm,
)
from sessions.models import ActionItem, MeetingStatus
from sessions.services.meetings import (
    ActionItemInput,
    action_item_add,
    action_item_set_done,
    meeting_log,
    meeting_reschedule,
    meeting_schedule,
    private_note_save,
)

WHEN_FIELDS = {"starts_at": "time"}


@permission_required(Permission.MENTORING_PARTICIPATE)
def meeting_create(request, org_slug, pk):
    pair, _ = pair_for_member_or_404(user=request.user, pk=pk)
    form = MeetingForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_schedule(
                actor=request.user,
                pair=pair,
                starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"],
                format=data["format"],
                location=data["location"],
                video_url=data["video_url"],
                status=data["status"],
            )
        except ValidationError as error:
            add_form_errors(form, error, WHEN_FIELDS)
        else:
            if meeting.status == MeetingStatus.HAPPENED:
                messages.success(request, "Meeting recorded. Now note how it went.")
                return redirect("mentoring:meeting_log", org_slug=org_slug, pk=meeting.pk)
            messages.success(
                request,
                f"Meeting scheduled for {local_label(meeting.starts_at, request.organization)}. "
                "Use “Add to my calendar” to put it in yours.",
            )
            return redirect("mentoring:meeting", org_slug=org_slug, pk=meeting.pk)
    members = selectors.pair_members(pair)
    return render(request, "sessions/meeting_form.html", {"form": form, "pair": pair, "members": members})


@permission_required(Permission.MENTORING_PARTICIPATE)
def meeting_detail(request, org_slug, pk):
    meeting, member = meeting_for_member_or_404(user=request.user, pk=pk)
    view = selectors.meeting_view(meeting=meeting, viewer=member)
    return render(
        request,
        "sessions/meeting_detail.html",
        {
            "view": view,
            "meeting": meeting,
            "pair": meeting.pair,
            "note_form": PrivateNoteForm(initial={"text": view.my_note.text if view.my_note else ""}),
            "item_form": ActionItemForm(members=view.members),
            "today": local_date(timezone.now(), request.organization),
            "has_started": meeting.starts_at <= timezone.now(),
        },
    )


@permission_required(Permission.MENTORING_PARTICIPATE)
def meeting_edit(request, org_slug, pk):
    meeting, _ = meeting_for_member_or_404(user=request.user, pk=pk)
    if meeting.status != MeetingStatus.SCHEDULED:
        messages.info(request, "This meeting is already logged, so its time can't change.")
        return redirect("mentoring:meeting", org_slug=org_slug, pk=meeting.pk)
    initial = {
        **MeetingForm.when_initial(meeting.starts_at, request.organization),
        "duration_minutes": meeting.duration_minutes,
        "format": meeting.format,
        "location": meeting.location,
        "video_url": meeting.video_url,
    }
    form = MeetingForm(
        request.POST or None, organization=request.organization, initial=initial, with_status=False
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_reschedule(
                actor=request.user,
                meeting=meeting,
                starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"],
                format=data["format"],
                location=data["location"],
                video_url=data["video_url"],
            )
        except ValidationError as error:
            add_form_errors(form, error, WHEN_FIELDS)
        else:
            messages.success(
                request, "Meeting moved. Download the calendar file again to update your calendar."
            )
            return redirect("mentoring:meeting", org_slug=org_slug, pk=meeting.pk)
    return render(
        request,
        "sessions/meeting_form.html",
        {
            "form": form,
            "pair": meeting.pair,
            "meeting": meeting,
            "members": selectors.pair_members(meeting.pair),
        },
    )


@permission_required(Permission.MENTORING_PARTICIPATE)
def meeting_log_view(request, org_slug, pk):
    meeting, member = meeting_for_member_or_404(user=request.user, pk=pk)
    view = selectors.meeting_view(meeting=meeting, viewer=member)
    sessions = list(selectors.session_choices_for_pair(meeting.pair))
    # A meeting still ahead can only be logged as cancelled, so that is what the form offers first.
    upcoming = meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at > timezone.now()
    logged_status = meeting.status if meeting.status != MeetingStatus.SCHEDULED else MeetingStatus.HAPPENED
    initial = {
        "status": MeetingStatus.CANCELLED if upcoming else logged_status,
        "topics": meeting.topics,
        "shared_notes": meeting.shared_notes,
        "learning_session": meeting.learning_session_id,
        "private_note": view.my_note.text if view.my_note else "",
    }
    form = MeetingLogForm(
        request.POST or None, initial=initial, sessions=sessions, organization=request.organization
    )
    formset = ActionItemFormSet(request.POST or None, members=view.members, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        items = [
            ActionItemInput(
                text=f.cleaned_data["text"], owner_id=f.cleaned_data["owner"], due_on=f.cleaned_data["due_on"]
            )
            for f in formset.forms
            if f.cleaned_data.get("text")
        ]
        try:
            meeting_log(
                actor=request.user,
                meeting=meeting,
                status=data["status"],
                topics=data["topics"],
                shared_notes=data["shared_notes"],
                learning_session_id=data["learning_session"],
                private_note=data["private_note"],
                action_items=items,
            )
        except ValidationError as error:
            add_form_errors(form, error, {"starts_at": "status"})
        else:
            messages.success(request, "Meeting logged.")
            return redirect("mentoring:meeting", org_slug=org_slug, pk=meeting.pk)
    return render(
        request,
        "sessions/meeting_log.html",
        {"form": form, "formset": formset, "meeting": meeting, "pair": meeting.pair, "view": view},
    )


@permission_required(Permission.MENTORING_PARTICIPATE)
def private_note(request, org_slug, pk):
    meeting, _ = meeting_for_member_or_404(user=request.user, pk=pk)
    if refused := post_only(request):
        return refused
    form = PrivateNoteForm(request.POST)
    if form.is_valid():
        try:
            note = private_note_save(author=request.user, meeting=meeting, text=form.cleaned_data["text"])
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, "Private note saved." if note else "Private note deleted.")
    return redirect("mentoring:meeting", org_slug=org_slug, pk=meeting.pk)


@permission_required(Permission.MENTORING_PARTICIPATE)
def action_item_create(request, org_slug, pk):
    meeting, member = meeting_for_member_or_404(user=request.user, pk=pk)
    if refused := post_only(request):
        return refused
    form = ActionItemForm(request.POST, members=selectors.pair_members(meeting.pair))
    if form.is_valid() and form.cleaned_data.get("text"):
        data = form.cleaned_data
        try:
            action_item_add(
                actor=request.user,
                meeting=meeting,
                text=data["text"],
                owner_id=data["owner"],
                due_on=data["due_on"],
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, "Action item added.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        if form.is_valid():
            messages.error(request, "Say what the action item is.")
    return redirect("mentoring:meeting", org_slug=org_slug, pk=meeting.pk)


@permission_required(Permission.MENTORING_PARTICIPATE)
def action_item_done(request, org_slug, pk):
    item = get_object_or_404(
        ActionItem.objects.select_related("meeting"),
        pk=pk,
        meeting__pair__in=current_memberships(request.user).values("pair_id"),
    )
    if refused := post_only(request):
        return refused
    done = request.POST.get("done") == "1"
    action_item_set_done(actor=request.user, item=item, done=done)
    messages.success(request, "Action item done. Nice!" if done else "Action item reopened.")
    back = request.POST.get("next", "")
    if back.startswith(f"/o/{org_slug}/mentoring/") and "//" not in back:
        return redirect(back)
    return redirect("mentoring:pair", org_slug=org_slug, pk=item.meeting.pair_id)


@permission_required(Permission.MENTORING_PARTICIPATE)
def meeting_ics(request, org_slug, pk):
    meeting, _ = meeting_for_member_or_404(user=request.user, pk=pk)
    response = HttpResponse(
        meeting_calendar(meeting, request.organization), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="mentoring-meeting-{meeting.pk}.ics"'
    return response
