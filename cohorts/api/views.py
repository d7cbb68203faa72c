from cohorts.api.filters import CohortFilter, ParticipantFilter
from cohorts.api.serializers import CohortSerializer, ParticipantSerializer
from cohorts.models import Participant
from cohorts.selectors import cohort_list
from organizations.api.base import OrganizationReadOnlyViewSet
from organizations.roles import Permission


class CohortViewSet(OrganizationReadOnlyViewSet):
    """Cohorts with their limits and how many mentees and mentors are selected."""

    permission = Permission.PROGRAMS_READ
    serializer_class = CohortSerializer
    filterset_class = CohortFilter

    def get_queryset(self):
        return cohort_list()


class ParticipantViewSet(OrganizationReadOnlyViewSet):
    """The people in each cohort's class, as mentee or mentor."""

    permission = Permission.PROGRAMS_READ
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter

    def get_queryset(self):
        return Participant.objects.select_related("employee", "cohort").order_by("cohort_id", "role", "id")
