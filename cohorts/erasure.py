"""What erasing a person removes in the cohorts app (organizations/erasure.py): their trust
profile's answers, the notes of talent flags about them and their project-team posts. Places in
classes, flags' readiness and team membership stay as facts (talent outcomes count them)."""

from cohorts.profiles.models import TrustProfile
from cohorts.teams.models import TalentFlag, TeamPost
from organizations.erasure import register_eraser

ERASED_TEXT = "(erased)"


def erase_cohort_records(organization, employee, user) -> int:
    changed = TrustProfile.objects.filter(organization=organization, participant__employee=employee).update(
        values=[], passions=[], purpose_statement="", strengths=[], learning_wishes=[]
    )
    changed += TalentFlag.objects.filter(organization=organization, participant__employee=employee).update(
        note=""
    )
    if user is not None:
        changed += TeamPost.objects.filter(organization=organization, author=user).update(text=ERASED_TEXT)
    return changed


def register() -> None:
    register_eraser(erase_cohort_records)
