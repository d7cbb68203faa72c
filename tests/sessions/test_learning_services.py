"""Learning sessions, materials (size and type limits), attendance and reinforcement prompts."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sessions.models import (
    Attendance,
    AttendanceSource,
    LearningSession,
    ReinforcementPrompt,
    SessionMaterial,
)
from sessions.services.learning import (
    attendance_mark,
    attendance_self_report,
    learning_session_create,
    learning_session_update,
    material_add,
    material_delete,
    reinforcement_prompts_send,
    sessions_due_for_prompts,
)
from tests.frozen_time import clock_from
from tests.sessions.factories import LearningSessionFactory, member_of

NOW = timezone.now()
clock = clock_from(NOW)  # the tests' clock starts at NOW: the data and the pages agree on the day
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _values(**overrides) -> dict:
    values = {
        "title": "Kickoff workshop",
        "kind": "workshop",
        "audience": "everyone",
        "description": "What the year holds.",
        "starts_at": NOW + datetime.timedelta(days=7),
        "duration_minutes": 120,
        "location": "Room 4.12",
        "video_url": "",
        "discussion_guide": "What do you hope to learn from each other?",
    }
    return values | overrides


def _media_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# Sessions


def test_a_manager_schedules_a_role_preparation_session_for_mentors_only(cohort, manager):
    session = learning_session_create(
        actor=manager,
        cohort=cohort,
        **_values(kind="role_preparation", audience="mentors", title="Mentor prep"),
    )
    assert (session.kind, session.audience, session.organization_id) == (
        "role_preparation",
        "mentors",
        cohort.organization_id,
    )
    assert session.is_for("mentor") and not session.is_for("mentee")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"audience": "managers"}, "audience"),
        ({"kind": "party"}, "kind"),
        ({"video_url": "ftp://x"}, "video_url"),
    ],
)
def test_bad_session_details_are_refused_and_nothing_is_stored(cohort, manager, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        learning_session_create(actor=manager, cohort=cohort, **_values(**overrides))
    assert field in excinfo.value.message_dict
    assert not LearningSession.objects.exists()


def test_a_completed_cohort_takes_no_new_sessions(cohort, manager):
    cohort.status = "completed"
    cohort.save()
    with pytest.raises(ValidationError):
        learning_session_create(actor=manager, cohort=cohort, **_values())
    assert not LearningSession.objects.exists()


def test_moving_a_session_bumps_its_calendar_sequence(cohort, manager):
    session = learning_session_create(actor=manager, cohort=cohort, **_values())
    learning_session_update(actor=manager, session=session, **_values(discussion_guide="New guide"))
    session.refresh_from_db()
    assert (session.discussion_guide, session.sequence) == ("New guide", 0)
    learning_session_update(actor=manager, session=session, **_values(duration_minutes=60))
    session.refresh_from_db()
    assert (session.duration_minutes, session.sequence) == (60, 1)


# Materials


def test_a_pdf_is_stored_under_a_random_name_in_the_organizations_folder(cohort, manager, _media_in_tmp):
    session = LearningSessionFactory(cohort=cohort)
    material = material_add(
        actor=manager, session=session, title="", upload=SimpleUploadedFile("Slides final.pdf", PDF)
    )
    assert (material.title, material.original_name, material.size) == (
        "Slides final.pdf",
        "Slides final.pdf",
        len(PDF),
    )
    assert material.content_type == "application/pdf"
    assert material.file.name.startswith(f"session-materials/{cohort.organization_id}/{session.pk}/")
    assert "Slides" not in material.file.name
    assert len(_media_files(_media_in_tmp)) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "is not a file type we accept"),
        ("notes.pdf", b"MZ\x90\x00 not a pdf", "does not look like a PDF file"),
        ("deck.pptx", PDF, "does not look like a PowerPoint file"),
        ("photo.png", b"\xff\xd8\xff\xe0 jpeg bytes", "does not look like a PNG image file"),
        ("readme.txt", b"\x00\x01\x02binary", "does not look like a text file"),
        ("empty.md", b"", "is empty"),
    ],
)
def test_files_of_the_wrong_type_are_refused_and_nothing_is_stored(
    cohort, manager, _media_in_tmp, name, content, message
):
    session = LearningSessionFactory(cohort=cohort)
    with pytest.raises(ValidationError) as excinfo:
        material_add(actor=manager, session=session, title="x", upload=SimpleUploadedFile(name, content))
    assert message in excinfo.value.message_dict["file"][0]
    assert not SessionMaterial.objects.exists()
    assert _media_files(_media_in_tmp) == []


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(cohort, manager, settings, _media_in_tmp):
    settings.SESSION_MATERIAL_MAX_BYTES = 2048
    session = LearningSessionFactory(cohort=cohort)
    with pytest.raises(ValidationError) as excinfo:
        material_add(
            actor=manager,
            session=session,
            title="Big",
            upload=SimpleUploadedFile("big.png", PNG + b"0" * 3000),
        )
    assert excinfo.value.message_dict["file"] == [
        "“big.png” is 3 KB; files can be at most 2 KB. Compress it or share a link instead."
    ]
    assert not SessionMaterial.objects.exists() and _media_files(_media_in_tmp) == []


def test_the_default_limit_is_ten_megabytes(settings):
    assert settings.SESSION_MATERIAL_MAX_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("guide.md", "# Guide\n\nÜber gute Fragen — ✓".encode()),
        ("sheet.xlsx", b"PK\x03\x04rest"),
        ("doc.docx", b"PK\x03\x04rest"),
        ("photo.JPG", b"\xff\xd8\xff\xe0rest"),
    ],
)
def test_each_allowed_type_is_accepted(cohort, manager, name, content):
    session = LearningSessionFactory(cohort=cohort)
    assert material_add(actor=manager, session=session, title="", upload=SimpleUploadedFile(name, content)).pk


def test_a_link_is_a_material_too_and_a_file_or_a_link_is_required(cohort, manager):
    session = LearningSessionFactory(cohort=cohort)
    link = material_add(actor=manager, session=session, title="Reading", link="https://example.com/article")
    assert (link.is_file, link.link) == (False, "https://example.com/article")
    with pytest.raises(ValidationError):
        material_add(actor=manager, session=session, title="Nothing")
    with pytest.raises(ValidationError):
        material_add(
            actor=manager,
            session=session,
            title="Both",
            link="https://example.com",
            upload=SimpleUploadedFile("a.pdf", PDF),
        )
    with pytest.raises(ValidationError):
        material_add(actor=manager, session=session, title="Bad link", link="javascript:alert(1)")
    assert SessionMaterial.objects.count() == 1


def test_removing_a_material_removes_its_file_after_commit(
    cohort, manager, _media_in_tmp, django_capture_on_commit_callbacks
):
    session = LearningSessionFactory(cohort=cohort)
    material = material_add(actor=manager, session=session, title="", upload=SimpleUploadedFile("a.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        material_delete(actor=manager, material=material)
    assert not SessionMaterial.objects.exists()
    assert _media_files(_media_in_tmp) == []


# Attendance


def test_a_manager_ticks_who_attended_and_unticking_removes_them(
    cohort, manager, pair, mentor_member, mentee_member
):
    session = LearningSessionFactory(cohort=cohort)
    mentor_p, mentee_p = mentor_member.participant_id, mentee_member.participant_id
    assert attendance_mark(actor=manager, session=session, participant_ids={mentor_p, mentee_p}) == (2, 0)
    assert attendance_mark(actor=manager, session=session, participant_ids={mentee_p}) == (0, 1)
    assert list(Attendance.objects.values_list("participant_id", "source")) == [
        (mentee_p, AttendanceSource.MANAGER)
    ]


def test_only_the_sessions_audience_can_be_marked(cohort, manager, pair, mentee_member):
    session = LearningSessionFactory(cohort=cohort, audience="mentors")
    with pytest.raises(ValidationError):
        attendance_mark(actor=manager, session=session, participant_ids={mentee_member.participant_id})
    assert not Attendance.objects.exists()


def test_a_participant_reports_attending_once_the_session_started(cohort, pair, mentee, mentee_member):
    session = LearningSessionFactory(cohort=cohort, starts_at=NOW - datetime.timedelta(hours=1))
    attendance_self_report(actor=mentee, session=session)
    attendance_self_report(actor=mentee, session=session)
    attendance = Attendance.objects.get()
    assert (attendance.participant_id, attendance.source, attendance.recorded_by) == (
        mentee_member.participant_id,
        AttendanceSource.SELF,
        mentee,
    )


def test_attending_a_future_session_or_one_for_the_other_role_is_refused(
    cohort, pair, mentee, other_pair_user
):
    future = LearningSessionFactory(cohort=cohort, starts_at=NOW + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        attendance_self_report(actor=mentee, session=future)
    mentors_only = LearningSessionFactory(cohort=cohort, audience="mentors")
    with pytest.raises(PermissionDenied):
        attendance_self_report(actor=mentee, session=mentors_only)
    assert not Attendance.objects.exists()


# Reinforcement prompts


def test_mentors_get_the_guide_once_after_the_session_ends(
    cohort, pair, mentor, other_pair, django_capture_on_commit_callbacks
):
    session = LearningSessionFactory(
        cohort=cohort, starts_at=NOW - datetime.timedelta(hours=3), duration_minutes=60
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reinforcement_prompts_send(session=session) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert reinforcement_prompts_send(session=session) == 0
    assert len(mail.outbox) == 2
    assert ReinforcementPrompt.objects.count() == 2
    to_mentor = next(m for m in mail.outbox if m.to == [mentor.email])
    assert session.discussion_guide in to_mentor.body
    assert "Giving feedback that lands" in to_mentor.subject


def test_no_prompt_before_the_session_ends_or_without_a_guide(cohort, pair):
    running = LearningSessionFactory(
        cohort=cohort, starts_at=NOW - datetime.timedelta(minutes=30), duration_minutes=90
    )
    no_guide = LearningSessionFactory(cohort=cohort, discussion_guide="")
    assert reinforcement_prompts_send(session=running) == 0
    assert reinforcement_prompts_send(session=no_guide) == 0
    assert mail.outbox == [] and not ReinforcementPrompt.objects.exists()


def test_the_scan_prompts_recently_ended_sessions_only(org, cohort, pair, mentor):
    from organizations.notifications.dispatch import dispatch_due
    from sessions.reminders.learning import reinforcement_prompts_scan

    recent = LearningSessionFactory(cohort=cohort, starts_at=NOW - datetime.timedelta(hours=4))
    LearningSessionFactory(cohort=cohort, starts_at=NOW - datetime.timedelta(days=30), title="Long ago")
    LearningSessionFactory(cohort=cohort, starts_at=NOW + datetime.timedelta(days=1), title="Upcoming")
    assert [s.pk for s in sessions_due_for_prompts(now=NOW)] == [recent.pk]
    assert reinforcement_prompts_scan(org, NOW) == 1
    assert reinforcement_prompts_scan(org, NOW) == 0
    dispatch_due(organization=org)
    assert [m.to for m in mail.outbox] == [[mentor.email]]
    assert ReinforcementPrompt.objects.get().participant == member_of(pair, mentor).participant


# Dates out of range


@pytest.mark.parametrize("moment", [(1, 1, 1, 0, 10), (9999, 12, 31, 23, 30)])
def test_a_session_in_year_one_or_at_the_end_of_time_is_refused(org, cohort, manager, moment):
    from organizations.clock import organization_tz

    starts_at = datetime.datetime(*moment, tzinfo=organization_tz(org))
    with pytest.raises(ValidationError) as excinfo:
        learning_session_create(actor=manager, cohort=cohort, **_values(starts_at=starts_at))
    assert "give or take three months" in excinfo.value.message_dict["starts_at"][0]
    assert not LearningSession.objects.exists()


def test_a_session_cannot_be_moved_to_year_one(org, cohort, manager):
    from organizations.clock import organization_tz

    session = learning_session_create(actor=manager, cohort=cohort, **_values())
    year_one = datetime.datetime(1, 1, 1, 0, 10, tzinfo=organization_tz(org))
    with pytest.raises(ValidationError):
        learning_session_update(actor=manager, session=session, **_values(starts_at=year_one))
    session.refresh_from_db()
    assert session.starts_at == _values()["starts_at"]
