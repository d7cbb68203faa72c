"""Erasing a person: their personal details and everything they wrote are removed, while the
facts about them (department, level, dates, statuses, counts) stay as an anonymous record, so
every aggregate figure (headcount, retention, participation, engagement) is the same before
and after.

``organizations`` names no higher app, so each app registers an eraser from its
``AppConfig.ready()``: ``register_eraser(fn)``, ``fn(organization, employee, user)`` blanks or
deletes what the person wrote in that app and returns how many rows it changed. ``user`` is the
person's account when they have one in this organization, else ``None``.

``person_erase`` runs every eraser and then the organization's own part, in one transaction:
- their messages are deleted, their message choices too;
- the roster row keeps its HR id, department, level, location, dates, rating and termination
  (analytics read these) and loses the name and email ("Erased person");
- an account that belongs to this organization only is anonymized and deactivated (email
  ``erased-<id>@erased.invalid``, no name, no password, no verified addresses, no second
  factors); an account that belongs to other organizations too keeps its login and only leaves
  this one;
- the audit log keeps its entries (the record of who decided what), and gains one for the
  erasure.

A roster load that still lists the person updates the row as usual: erase them from the HR
system's export too (docs/privacy.md).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from organizations.audit import audit_record
from organizations.models import (
    AuditAction,
    Employee,
    Membership,
    Notification,
    NotificationPreference,
    Organization,
    User,
)

ERASED_NAME = "Erased person"

Eraser = Callable[[Organization, Employee, "User | None"], int]
_erasers: dict[str, Eraser] = {}


def is_erased(employee: Employee) -> bool:
    """Whether ``person_erase`` has run on the roster row (its name replaced, its email gone)."""
    return employee.name == ERASED_NAME and not employee.email


def register_eraser(eraser: Eraser) -> None:
    _erasers[f"{eraser.__module__}.{eraser.__qualname__}"] = eraser


def erasers() -> list[Eraser]:
    return list(_erasers.values())


@dataclass
class ErasureResult:
    rows_changed: int
    account: str  # "anonymized", "left the organization" or "none"


def _account_of(organization: Organization, employee: Employee) -> User | None:
    if employee.user_id is None:
        return None
    if not Membership.objects.filter(organization=organization, user_id=employee.user_id).exists():
        return None
    return employee.user


@transaction.atomic
def person_erase(*, organization: Organization, employee: Employee, actor) -> ErasureResult:
    employee = Employee.objects.select_for_update().get(pk=employee.pk, organization=organization)
    user = _account_of(organization, employee)
    changed = sum(eraser(organization, employee, user) for eraser in erasers())
    from organizations.notifications.outbox import recipient_key_for

    addresses = {address for address in (employee.email, user.email if user else "") if address}
    keys = {recipient_key_for(email=address) for address in addresses}
    if user is not None:
        keys.add(recipient_key_for(user=user))
    changed += Notification.objects.filter(organization=organization, recipient_key__in=keys).delete()[0]
    changed += NotificationPreference.objects.filter(
        organization=organization, recipient_key__in=keys
    ).delete()[0]
    account = "none"
    if user is not None:
        Membership.objects.filter(organization=organization, user=user).delete()
        if Membership.objects.with_scopes_disabled().filter(user=user).exists():
            account = "left the organization"
        else:
            _anonymize_account(user)
            account = "anonymized"
    label = f"{ERASED_NAME} (HR id {employee.external_id})"
    employee.name = ERASED_NAME
    employee.email = ""
    employee.user = None
    employee.save(update_fields=["name", "email", "user", "updated_at"])
    audit_record(
        organization,
        AuditAction.PERSON_ERASE,
        target=employee,
        label=label,
        changes=[f"rows changed: {changed}", f"account: {account}"],
        actor=actor,
    )
    return ErasureResult(rows_changed=changed, account=account)


def _anonymize_account(user: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
