"""What the goals app holds about a person (organizations/personal_data.py): their goal plans,
goals, milestones and check-ins, and who their accountability partners are."""

from goals.models import AccountabilityPartner, Goal, GoalCheckIn, Milestone
from organizations.personal_data import PersonalData, register_personal_data


def _own(model, path: str):
    return lambda user, organization: model.objects.filter(
        organization=organization, **{f"{path}member__participant__employee__user": user}
    )


def register() -> None:
    register_personal_data(
        PersonalData(
            "Goals",
            _own(Goal, "plan__"),
            fields=(
                "title",
                "description",
                "category",
                "success_measure",
                "target_date",
                "status",
                "created_at",
            ),
            order=50,
        )
    )
    register_personal_data(
        PersonalData(
            "Milestones",
            _own(Milestone, "goal__plan__"),
            fields=("goal__title", "title", "due_date", "completed_at"),
            order=51,
        )
    )
    register_personal_data(
        PersonalData(
            "Goal check-ins",
            _own(GoalCheckIn, "goal__plan__"),
            fields=("goal__title", "date", "progress", "comment", "created_at"),
            order=52,
        )
    )
    register_personal_data(
        PersonalData(
            "Accountability partners",
            _own(AccountabilityPartner, "plan__"),
            fields=("kind", "name", "email", "created_at", "ended_at"),
            order=53,
        )
    )
