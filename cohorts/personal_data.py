"""What the cohorts app holds about a person (organizations/personal_data.py): their places in
classes and their trust profile; never a talent flag or a council score about them
(judgements of others, docs/privacy.md)."""

from cohorts.models import Participant
from cohorts.profiles.models import TrustProfile
from organizations.personal_data import PersonalData, register_personal_data


def register() -> None:
    register_personal_data(
        PersonalData(
            "Places in classes",
            lambda user, organization: Participant.objects.filter(
                organization=organization, employee__user=user
            ).order_by("added_at"),
            fields=("cohort__program__name", "cohort__name", "role", "status", "added_at", "withdrawn_at"),
            order=30,
        )
    )
    register_personal_data(
        PersonalData(
            "Trust profile",
            lambda user, organization: TrustProfile.objects.filter(
                organization=organization, participant__employee__user=user
            ),
            fields=(
                "participant__cohort__name",
                "values",
                "passions",
                "purpose_statement",
                "strengths",
                "learning_wishes",
                "mentor_capacity",
                "updated_at",
            ),
            order=31,
        )
    )
