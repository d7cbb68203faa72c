"""What the programs app holds about a person (organizations/personal_data.py): their
applications, in their own words; never a manager's override reason (docs/privacy.md)."""

from organizations.personal_data import PersonalData, register_personal_data
from programs.models import Application


def register() -> None:
    register_personal_data(
        PersonalData(
            "Applications",
            lambda user, organization: Application.objects.filter(
                organization=organization, user=user
            ).order_by("created_at"),
            fields=(
                "program__name",
                "role",
                "motivation",
                "learning_goals",
                "offer",
                "status",
                "created_at",
                "decided_at",
                "withdrawn_at",
            ),
            order=20,
        )
    )
