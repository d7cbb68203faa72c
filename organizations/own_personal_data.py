"""What the organizations app holds about a person (organizations/personal_data.py)."""

from organizations.models import (
    Employee,
    EmployeeHistory,
    Membership,
    Notification,
    NotificationPreference,
    ProvisionedUser,
    User,
)
from organizations.notifications.outbox import recipient_key_for
from organizations.personal_data import PersonalData, register_personal_data


def _erase_provisioning_record(organization, employee, user) -> int:
    """The identity provider's record of the person goes with their erasure (a later SCIM
    request for them is 404; the identity provider may provision them anew)."""
    user_id = user.pk if user is not None else employee.user_id
    if user_id is None:
        return 0
    return ProvisionedUser.objects.filter(organization=organization, user_id=user_id).delete()[0]


def register() -> None:
    from organizations.erasure import register_eraser

    register_eraser(_erase_provisioning_record)
    register_personal_data(
        PersonalData(
            "Account",
            lambda user, organization: User.objects.filter(pk=user.pk),
            fields=("email", "full_name", "date_joined", "last_login"),
            order=10,
        )
    )
    register_personal_data(
        PersonalData(
            "Membership",
            lambda user, organization: Membership.objects.filter(organization=organization, user=user),
            fields=("role", "created_at", "daily_digest"),
            order=11,
        )
    )
    register_personal_data(
        PersonalData(
            "Roster record",
            lambda user, organization: Employee.objects.filter(organization=organization, user=user),
            fields=(
                "external_id",
                "name",
                "email",
                "department",
                "level",
                "location",
                "manager__name",
                "hire_date",
                "performance_rating",
                "termination_date",
                "termination_type",
            ),
            order=12,
        )
    )
    register_personal_data(
        PersonalData(
            "Roster history",
            lambda user, organization: EmployeeHistory.objects.filter(
                organization=organization, employee__user=user
            ).order_by("effective_date", "pk"),
            fields=("effective_date", "department", "level", "termination_date", "termination_type"),
            order=13,
        )
    )
    register_personal_data(
        PersonalData(
            "Identity provider record (SCIM)",
            lambda user, organization: ProvisionedUser.objects.filter(organization=organization, user=user),
            fields=("external_id", "given_name", "family_name", "role", "deactivated_at", "created_at"),
            order=14,
        )
    )
    register_personal_data(
        PersonalData(
            "Messages",
            lambda user, organization: Notification.objects.filter(organization=organization, user=user),
            fields=("created_at", "kind", "subject", "email_status", "sent_at", "read_at"),
            order=90,
        )
    )
    register_personal_data(
        PersonalData(
            "Message choices",
            lambda user, organization: NotificationPreference.objects.filter(
                organization=organization, recipient_key=recipient_key_for(user=user)
            ),
            fields=("kind", "by_email", "in_app"),
            order=91,
        )
    )
