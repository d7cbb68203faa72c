"""Project teams through the API (read-only): challenges, teams, council results and the
talent pool. Each endpoint reads through the same selectors as the pages."""

import django_filters
from rest_framework import serializers

from cohorts.teams import selectors
from cohorts.teams.models import BusinessChallenge, ChallengeStatus
from organizations.api.base import OrganizationReadOnlyViewSet
from organizations.roles import Permission


class ChallengeFilter(django_filters.FilterSet):
    cohort = django_filters.NumberFilter(field_name="cohort_id")
    status = django_filters.ChoiceFilter(choices=ChallengeStatus.choices)

    class Meta:
        model = BusinessChallenge
        fields: list[str] = []


class ChallengeSerializer(serializers.ModelSerializer):
    sponsor_name = serializers.CharField(source="sponsor.name", read_only=True)

    class Meta:
        model = BusinessChallenge
        fields = [
            "id",
            "cohort",
            "title",
            "problem",
            "why_it_matters",
            "expected_outcome",
            "sponsor",
            "sponsor_name",
            "status",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class ChallengeViewSet(OrganizationReadOnlyViewSet):
    """Business challenges senior leaders submitted for each cohort, with their sponsor and
    whether a program manager accepted them. Filter by ``cohort`` and ``status``."""

    permission = Permission.PROGRAMS_READ
    serializer_class = ChallengeSerializer
    filterset_class = ChallengeFilter

    def get_queryset(self):
        return selectors.challenge_list()
