"""factory-boy factories. Children take their organization from their parent, so no test
mixes tenants by accident."""

import datetime

import factory
from django.utils import timezone

from organizations.models import APIKey, Employee, Invitation, Membership, Notification, Organization, User
from organizations.roles import Role

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """Users can sign in at once: their email is verified unless verified=False."""
        user.save()
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    timezone = "Europe/Amsterdam"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    organization = factory.SubFactory(OrganizationFactory)
    external_id = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"employee{n}@example.com")
    department = "Engineering"
    level = 2
    location = "Amsterdam"
    hire_date = datetime.date(2020, 1, 6)
    performance_rating = 3


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = Role.MEMBER
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class APIKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = APIKey

    organization = factory.SubFactory(OrganizationFactory)
    name = "HR system"
    prefix = factory.Sequence(lambda n: f"lds_{n:08d}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    role = Role.HR_ANALYST


class NotificationFactory(factory.django.DjangoModelFactory):
    """A stored in-app and email message for a member (the outbox row)."""

    class Meta:
        model = Notification

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    recipient_key = factory.LazyAttribute(lambda n: f"user:{n.user.pk}")
    email = factory.LazyAttribute(lambda n: n.user.email)
    kind = "daily_digest"
    key = factory.Sequence(lambda n: f"test:{n}")
    subject = "Your day in Lodestar"
    body_text = "Something happened."
    link = "/"
    in_app = True
