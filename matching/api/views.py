from django.db.models import Prefetch

from matching.api.filters import MatchRunFilter, PairFilter, ProposedPairFilter
from matching.api.serializers import MatchRunSerializer, PairSerializer, ProposedPairSerializer
from matching.models import MatchRun, Pair, PairMember, ProposedPair, Unmatched
from organizations.api.base import OrganizationReadOnlyViewSet
from organizations.roles import Permission


class MatchRunViewSet(OrganizationReadOnlyViewSet):
    """Match runs of each cohort: status, the settings they were scored with, their totals, and
    the people each left out with the reason."""

    permission = Permission.PROGRAMS_READ
    serializer_class = MatchRunSerializer
    filterset_class = MatchRunFilter

    def get_queryset(self):
        return (
            MatchRun.objects.select_related("cohort")
            .prefetch_related(Prefetch("unmatched", queryset=Unmatched.objects.order_by("id")))
            .order_by("cohort_id", "-number", "id")
        )


class ProposedPairViewSet(OrganizationReadOnlyViewSet):
    """Pairs a run proposes, with each score component's weighted part (they add up to the score)."""

    permission = Permission.PROGRAMS_READ
    serializer_class = ProposedPairSerializer
    filterset_class = ProposedPairFilter

    def get_queryset(self):
        return ProposedPair.objects.select_related("run", "mentee__employee", "mentor__employee").order_by(
            "run_id", "-score", "id"
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "role": getattr(self, "role", None)}


class PairViewSet(OrganizationReadOnlyViewSet):
    """Published pairs, groups and circles, with their members' departments, levels and dates."""

    permission = Permission.PROGRAMS_READ
    serializer_class = PairSerializer
    filterset_class = PairFilter

    def get_queryset(self):
        members = PairMember.objects.select_related("participant__employee").order_by("role", "id")
        return (
            Pair.objects.select_related("cohort")
            .prefetch_related(Prefetch("members", queryset=members))
            .order_by("cohort_id", "published_at", "id")
        )
