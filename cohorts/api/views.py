from django.db.models import Count, Q

from cohorts.api.filters import CohortFilter, ParticipantFilter
from cohorts.api.serializers import CohortSerializer, ParticipantSerializer
from cohorts.models import Cohort, Participant, ParticipantStatus
from organizations.api.base import OrganizationReadOnlyViewSet
from organizations.roles import Permission
from programs.models import ApplicantRole


class CohortViewSet(OrganizationReadOnlyViewSet):
    """Cohorts with their limits and how many mentees and mentors are selected."""

    permission = Permission.PROGRAMS_READ
    serializer_class = CohortSerializer
    filterset_class = CohortFilter

    def get_queryset(self):
        selected = Q(participants__status=ParticipantStatus.SELECTED)
        return Cohort.objects.annotate(
            selected_mentees=Count(
                "participants", filter=selected & Q(participants__role=ApplicantRole.MENTEE)
            ),
            selected_mentors=Count(
                "participants", filter=selected & Q(participants__role=ApplicantRole.MENTOR)
            ),
        ).order_by("-created_at", "id")


class ParticipantViewSet(OrganizationReadOnlyViewSet):
    """The people in each cohort's class, as mentee or mentor."""

    permission = Permission.PROGRAMS_READ
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter

    def get_queryset(self):
        return Participant.objects.select_related("employee", "cohort").order_by("cohort_id", "role", "id")
