"""The team space: adviser, milestones, files, the discussion thread and the recommendation.

Who may do what is ``cohorts/teams/access.py``: the people of the space post in the thread;
members and managers keep milestones, files and the recommendation; managers choose the adviser.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from cohorts.models import Participant, ParticipantStatus
from cohorts.teams import access
from cohorts.teams.models import ProjectTeam, TeamFile, TeamMilestone, TeamPost
from cohorts.teams.services.text import clean_text, clean_title
from organizations.documents import content_type_for, file_problem
from programs.models import ApplicantRole

EARLIEST_DUE = datetime.date(2000, 1, 1)
LATEST_DUE = datetime.date(2999, 12, 31)


def _require(actor, team: ProjectTeam, *, contribute: bool) -> str:
    role = access.team_role(actor, team)
    if role is None or (contribute and not access.contributes_to(role)):
        raise PermissionDenied("Only the team's members and program managers can change this.")
    return role


@transaction.atomic
def team_adviser_set(*, actor, team: ProjectTeam, adviser: Participant | None) -> ProjectTeam:
    """Choose (or clear) the team's adviser: a mentor selected in the team's cohort."""
    if not access.manages_teams(actor, team.organization_id):
        raise PermissionDenied("Only program managers choose a team's adviser.")
    if adviser is not None and (
        adviser.cohort_id != team.cohort_id
        or adviser.role != ApplicantRole.MENTOR
        or adviser.status != ParticipantStatus.SELECTED
    ):
        raise ValidationError({"adviser": ["Choose a mentor of this cohort."]})
    team.adviser = adviser
    team.save(update_fields=["adviser"])
    return team


@transaction.atomic
def team_milestone_add(*, actor, team: ProjectTeam, title: str, due_on) -> TeamMilestone:
    _require(actor, team, contribute=True)
    errors: dict[str, list[str]] = {}
    title = clean_title(title, "title", errors, label="the milestone")
    if not isinstance(due_on, datetime.date):
        errors.setdefault("due_on", []).append("Give the date it is due.")
    elif not EARLIEST_DUE <= due_on <= LATEST_DUE:
        errors.setdefault("due_on", []).append("Give a due date between 2000 and 2999.")
    if errors:
        raise ValidationError(errors)
    return TeamMilestone.objects.create(
        organization_id=team.organization_id, team=team, title=title, due_on=due_on
    )


@transaction.atomic
def team_milestone_toggle(*, actor, milestone: TeamMilestone) -> TeamMilestone:
    """Mark a milestone done, or open again."""
    _require(actor, milestone.team, contribute=True)
    milestone.done_at = None if milestone.done_at else timezone.now()
    milestone.save(update_fields=["done_at"])
    return milestone


@transaction.atomic
def team_file_add(
    *, actor, team: ProjectTeam, upload: UploadedFile | None, title: str = "", is_recommendation: bool = False
) -> TeamFile:
    """Keep a document in the team space; type and size are checked on the declared size before
    any byte is read (``organizations/documents.py``). A refused file is never written to storage.
    The recommendation file replaces the previous one's mark, so there is one at a time."""
    _require(actor, team, contribute=True)
    if upload is None:
        raise ValidationError({"file": ["Choose a file to upload."]})
    if problem := file_problem(upload, max_bytes=settings.TEAM_FILE_MAX_BYTES):
        raise ValidationError({"file": [problem]})
    errors: dict[str, list[str]] = {}
    title = (
        clean_text(title, "title", "the title", errors, required=False, max_length=200) or upload.name[:200]
    )
    if errors:
        raise ValidationError(errors)
    if is_recommendation:
        team.files.filter(is_recommendation=True).update(is_recommendation=False)
    item = TeamFile(
        organization_id=team.organization_id,
        team=team,
        title=title,
        original_name=upload.name[:255],
        content_type=content_type_for(upload.name),
        size=upload.size,
        is_recommendation=is_recommendation,
        added_by=actor,
    )
    item.file.save(upload.name, upload, save=False)
    try:
        item.save()
    except Exception:
        item.file.delete(save=False)
        raise
    return item


@transaction.atomic
def team_file_delete(*, actor, item: TeamFile) -> None:
    """Remove a document; its file leaves storage once the deletion is committed."""
    _require(actor, item.team, contribute=True)
    storage, name = item.file.storage, item.file.name
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def team_post_add(*, actor, team: ProjectTeam, text: str) -> TeamPost:
    """A message in the team's thread, from anyone of the team space."""
    _require(actor, team, contribute=False)
    errors: dict[str, list[str]] = {}
    text = clean_text(text, "text", "something", errors)
    if errors:
        raise ValidationError(errors)
    return TeamPost.objects.create(organization_id=team.organization_id, team=team, author=actor, text=text)


@transaction.atomic
def team_recommendation_save(*, actor, team: ProjectTeam, recommendation: str) -> ProjectTeam:
    """The team's final recommendation in words (a file may go with it)."""
    _require(actor, team, contribute=True)
    errors: dict[str, list[str]] = {}
    recommendation = clean_text(
        recommendation, "recommendation", "your recommendation", errors, required=False
    )
    if errors:
        raise ValidationError(errors)
    team.recommendation = recommendation
    team.recommendation_updated_at = timezone.now()
    team.save(update_fields=["recommendation", "recommendation_updated_at"])
    return team
