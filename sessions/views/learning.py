"""Learning sessions: managers schedule them, share materials, take attendance; the people a
session is for see it, download its materials and say they attended.

Material files are served only by ``material_download``, after the same check as the session
page; MEDIA_ROOT is never exposed under a public URL.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cohorts.models import Cohort
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.uploads import refuse_declared_larger_than
from organizations.view_helpers import add_form_errors, message_errors, post_only
from sessions import selectors
from sessions.access import session_for_viewer_or_404
from sessions.calendars import session_calendar
from sessions.forms import AttendanceForm, LearningSessionForm, MaterialForm
from sessions.materials import human_size, max_bytes
from sessions.models import Attendance, LearningSession, SessionMaterial
from sessions.services.learning import (
    attendance_mark,
    attendance_self_report,
    audience_participants,
    learning_session_create,
    learning_session_update,
    material_add,
    material_delete,
)

WHEN_FIELDS = {"starts_at": "date"}


@permission_required(Permission.PROGRAMS_MANAGE)
def session_list(request, org_slug, pk):
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    sessions = list(selectors.cohort_sessions(cohort).prefetch_related("attendances"))
    return render(
        request,
        "sessions/session_list.html",
        {"cohort": cohort, "sessions": sessions, "now": timezone.now()},
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def session_create(request, org_slug, pk):
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    form = LearningSessionForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            session = learning_session_create(actor=request.user, cohort=cohort, **form.values())
        except ValidationError as error:
            add_form_errors(form, error, WHEN_FIELDS)
        else:
            messages.success(request, f"“{session.title}” is scheduled. Add materials below.")
            return redirect("mentoring:session", org_slug=org_slug, pk=session.pk)
    return render(request, "sessions/session_form.html", {"form": form, "cohort": cohort, "session": None})


@permission_required(Permission.PROGRAMS_MANAGE)
def session_edit(request, org_slug, pk):
    session = get_object_or_404(LearningSession.objects.select_related("cohort__program"), pk=pk)
    form = LearningSessionForm(
        request.POST or None,
        organization=request.organization,
        initial=LearningSessionForm.initial_for(session, request.organization),
    )
    if request.method == "POST" and form.is_valid():
        try:
            learning_session_update(actor=request.user, session=session, **form.values())
        except ValidationError as error:
            add_form_errors(form, error, WHEN_FIELDS)
        else:
            messages.success(request, "Session saved.")
            return redirect("mentoring:session", org_slug=org_slug, pk=session.pk)
    return render(
        request, "sessions/session_form.html", {"form": form, "cohort": session.cohort, "session": session}
    )


@permission_required(Permission.MENTORING_PARTICIPATE)
def session_detail(request, org_slug, pk):
    """The session page: for the people it is for, and for cohort managers (who also take
    attendance and manage materials here)."""
    session, participant = session_for_viewer_or_404(user=request.user, membership=request.membership, pk=pk)
    can_manage = request.membership.can(Permission.PROGRAMS_MANAGE)
    attendances = {a.participant_id: a for a in Attendance.objects.filter(session=session)}
    context = {
        "session": session,
        "cohort": session.cohort,
        "materials": list(session.materials.order_by("created_at", "pk")),
        "participant": participant,
        "attended": participant is not None and participant.pk in attendances,
        "can_report": participant is not None and session.is_for(participant.role),
        "can_manage": can_manage,
        "has_started": session.starts_at <= timezone.now(),
        "has_ended": session.ends_at <= timezone.now(),
    }
    if can_manage:
        audience = list(audience_participants(session))
        context |= {
            "audience_rows": [(p, attendances.get(p.pk)) for p in audience],
            "material_form": MaterialForm(),
        }
    return render(request, "sessions/session_detail.html", context)


@permission_required(Permission.PROGRAMS_MANAGE)
def session_attendance(request, org_slug, pk):
    session = get_object_or_404(LearningSession, pk=pk)
    if refused := post_only(request):
        return refused
    form = AttendanceForm(request.POST, participants=audience_participants(session))
    if not form.is_valid():
        for error in form.errors.get("attended", []):
            messages.error(request, error)
    else:
        try:
            added, removed = attendance_mark(
                actor=request.user, session=session, participant_ids=set(form.cleaned_data["attended"])
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            count = len(form.cleaned_data["attended"])
            messages.success(
                request, f"Attendance saved: {count} {'person' if count == 1 else 'people'} attended."
            )
    return redirect("mentoring:session", org_slug=org_slug, pk=session.pk)


@permission_required(Permission.MENTORING_PARTICIPATE)
def session_attended(request, org_slug, pk):
    session, _ = session_for_viewer_or_404(user=request.user, membership=request.membership, pk=pk)
    if refused := post_only(request):
        return refused
    try:
        attendance_self_report(actor=request.user, session=session)
    except PermissionDenied:
        messages.error(request, "Only the people this session is for can say they attended.")
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, "Thanks — you're marked as attended.")
    return redirect("mentoring:session", org_slug=org_slug, pk=session.pk)


def _material_too_large(request, size: int, limit: int, org_slug: str, pk: int):
    messages.error(
        request,
        f"This upload is {human_size(size)}; files can be at most {human_size(limit)}. "
        "Compress it or share a link instead. Nothing was stored.",
    )
    return redirect("mentoring:session", org_slug=org_slug, pk=pk)


@permission_required(Permission.PROGRAMS_MANAGE)
@refuse_declared_larger_than(max_bytes, _material_too_large)
def material_create(request, org_slug, pk):
    session = get_object_or_404(LearningSession.objects.select_related("cohort__program"), pk=pk)
    if refused := post_only(request):
        return refused
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            material = material_add(
                actor=request.user,
                session=session,
                title=data["title"],
                upload=data["file"],
                link=data["link"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"“{material.title}” added.")
            return redirect("mentoring:session", org_slug=org_slug, pk=session.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("mentoring:session", org_slug=org_slug, pk=session.pk)


@permission_required(Permission.PROGRAMS_MANAGE)
def material_remove(request, org_slug, pk):
    material = get_object_or_404(SessionMaterial, pk=pk)
    if refused := post_only(request):
        return refused
    session_pk = material.session_id
    material_delete(actor=request.user, material=material)
    messages.success(request, f"“{material.title}” removed.")
    return redirect("mentoring:session", org_slug=org_slug, pk=session_pk)


@permission_required(Permission.MENTORING_PARTICIPATE)
def material_download(request, org_slug, pk):
    """A material's file, for whoever may see its session; a link material redirects."""
    material = get_object_or_404(SessionMaterial, pk=pk)
    session_for_viewer_or_404(user=request.user, membership=request.membership, pk=material.session_id)
    if not material.file:
        return redirect(material.link)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404("This file is no longer available") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=material.original_name or material.title,
        content_type=material.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(Permission.MENTORING_PARTICIPATE)
def session_ics(request, org_slug, pk):
    session, _ = session_for_viewer_or_404(user=request.user, membership=request.membership, pk=pk)
    response = HttpResponse(
        session_calendar(session, request.organization), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="learning-session-{session.pk}.ics"'
    return response
