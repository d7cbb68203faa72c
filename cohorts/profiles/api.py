"""Trust profiles through the API: every field for program managers and admins, and for the
person and their published partners their own and each other's. Nobody else (HR analysts,
senior leaders, API keys of HR systems) reads profile text: they get an empty list, and a
profile's URL answers 404 as if it did not exist (``cohorts/profiles/visibility.py`` decides)."""

import django_filters
from rest_framework import serializers

from cohorts.models import ProfileSection, TrustProfile
from cohorts.profiles.selectors import visible_profiles
from organizations.api.base import OrganizationReadOnlyViewSet
from organizations.api.filters import IdFilter, StrictFilterSet
from organizations.models import APIKey, Membership
from organizations.roles import Permission
from programs.models import ApplicantRole


class TrustProfileFilter(StrictFilterSet):
    cohort = IdFilter(field_name="participant__cohort_id")
    participant = IdFilter(field_name="participant_id")
    role = django_filters.ChoiceFilter(field_name="participant__role", choices=ApplicantRole.choices)

    class Meta:
        model = TrustProfile
        fields: list[str] = []


class TrustProfileSerializer(serializers.ModelSerializer):
    cohort = serializers.IntegerField(source="participant.cohort_id", read_only=True)
    role = serializers.ChoiceField(source="participant.role", choices=ApplicantRole.choices, read_only=True)
    name = serializers.CharField(source="participant.employee.name", read_only=True)
    mentor_capacity = serializers.SerializerMethodField()
    completion = serializers.FloatField(
        read_only=True, help_text="Share of the five sections filled, 0 to 1."
    )
    is_complete = serializers.BooleanField(read_only=True)
    missing_sections = serializers.ListField(
        child=serializers.ChoiceField(choices=ProfileSection.choices), read_only=True
    )

    class Meta:
        model = TrustProfile
        fields = [
            "id",
            "participant",
            "cohort",
            "role",
            "name",
            "values",
            "passions",
            "purpose_statement",
            "strengths",
            "learning_wishes",
            "mentor_capacity",
            "completion",
            "is_complete",
            "missing_sections",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "values": {"help_text": "One to three of the organization's values."},
            "passions": {"help_text": "Exactly three of the organization's passions once filled."},
            "strengths": {"help_text": "Skills the person offers (mentors) or is strong in (mentees)."},
            "learning_wishes": {"help_text": "Skills the person wants to learn."},
        }

    def get_mentor_capacity(self, profile: TrustProfile) -> int | None:
        """How many mentees a mentor can take; null for mentees."""
        return profile.mentor_capacity if profile.participant.role == ApplicantRole.MENTOR else None


class TrustProfileViewSet(OrganizationReadOnlyViewSet):
    """Trust profiles you may read: every profile for program managers and admins; your own
    and, once pairs are published, your partners' for everyone else. Others get an empty list;
    a profile you may not read is a 404."""

    permission = Permission.PROFILES_FILL
    serializer_class = TrustProfileSerializer
    filterset_class = TrustProfileFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrustProfile.objects.none()
        if isinstance(self.request.auth, APIKey):
            # An HR system's key is not a person: it has no profile and no partners.
            return TrustProfile.objects.none()
        membership = Membership.objects.get(user=self.request.user, organization=self.organization)
        return visible_profiles(user=self.request.user, membership=membership)
