"""Demo accounts: everyone signs in with the demo password, hashed once per run.

Password hashing is slow on purpose (hundreds of milliseconds each); the demo makes about a
hundred accounts with the same password, so it hashes it once and stores that hash on each.
"""

import functools

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password

from organizations.models import Employee, Membership, User
from organizations.roles import Role

DEMO_PASSWORD = "lodestar-demo"


def password_hash(password: str) -> str:
    """``password`` hashed with the first configured hasher, computed once per password and hasher."""
    return _hash(password, tuple(settings.PASSWORD_HASHERS))


@functools.cache
def _hash(password: str, hashers: tuple[str, ...]) -> str:
    return make_password(password)


def account_create(*, email: str, full_name: str, password: str) -> User:
    """A new account with a verified primary address, signing in with ``password``."""
    user = User.objects.create(email=email.lower(), full_name=full_name, password=password_hash(password))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def member_account(employee: Employee, password: str) -> User:
    """A member account for a roster person, as if they had accepted an invitation."""
    user = User.objects.filter(email__iexact=employee.email).first()
    if user is None:
        user = account_create(email=employee.email, full_name=employee.name, password=password)
    Membership.objects.get_or_create(
        organization=employee.organization, user=user, defaults={"role": Role.MEMBER}
    )
    return user
