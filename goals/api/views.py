"""Goal plans through the API: content for their readers, numbers for managers, aggregates for HR."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from goals.access import viewer_relations
from goals.api.filters import GoalPlanFilter
from goals.api.serializers import CohortGoalAggregateSerializer, GoalPlanSerializer
from goals.selectors import cohort_goal_aggregates, goal_plans_readable
from organizations.api.base import OrganizationAPIMixin, OrganizationReadOnlyViewSet
from organizations.clock import organization_today
from organizations.roles import Permission, role_has_permission


class GoalPlanViewSet(OrganizationReadOnlyViewSet):
    """Goal plans you may see: your own, your pair partners', and those naming you as
    accountability partner (with their words); program managers and admins see every plan
    with statuses, dates and numbers only. Others get an empty list; a plan you may not see
    is a 404."""

    permission = Permission.GOALS_KEEP
    serializer_class = GoalPlanSerializer
    filterset_class = GoalPlanFilter

    def _relations(self):
        if not hasattr(self, "_viewer_relations"):
            self._viewer_relations = viewer_relations(self.request.user)
        return self._viewer_relations

    def get_queryset(self):
        sees_all = getattr(self, "swagger_fake_view", False) or role_has_permission(
            self.role, Permission.PROGRAMS_MANAGE
        )
        return goal_plans_readable(relations=None if sees_all else self._relations())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "organization"):
            context.update(relations=self._relations(), as_of=organization_today(self.organization))
        return context


class CohortGoalSummaryViewSet(OrganizationAPIMixin, viewsets.ViewSet):
    """Goal figures per cohort for HR and managers: plans kept, goals by status, milestones.

    Aggregates only; a cohort where fewer people keep a plan than the organization's minimum
    group size is reported as suppressed, without figures."""

    permission = Permission.PROGRAMS_READ

    @extend_schema(responses=CohortGoalAggregateSerializer(many=True))
    def list(self, request, *args, **kwargs):
        rows = cohort_goal_aggregates(self.organization)
        return Response(CohortGoalAggregateSerializer(rows, many=True).data)
