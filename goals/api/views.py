"""Goal plans through the API: content for their readers, numbers for managers, aggregates for HR."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from goals.access import viewer_relations
from goals.api.filters import GoalPlanFilter
from goals.api.serializers import CohortGoalAggregateSerializer, GoalPlanSerializer
from goals.models import GoalPlan
from goals.selectors import cohort_goal_aggregates, goals_prefetch
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
        plans = (
            GoalPlan.objects.select_related("member__participant__employee", "member__pair")
            .prefetch_related(goals_prefetch())
            .order_by("member__pair__cohort_id", "member__pair_id", "member__role", "id")
        )
        if getattr(self, "swagger_fake_view", False) or role_has_permission(
            self.role, Permission.PROGRAMS_MANAGE
        ):
            return plans
        relations = self._relations()
        related = Q(member__pair_id__in=list(relations.memberships)) | Q(
            member_id__in=relations.accountable_for
        )
        if relations.user_id is not None:
            related |= Q(member__participant__employee__user_id=relations.user_id)
        candidates = GoalPlan.objects.filter(related).select_related("member__participant__employee")
        readable = [plan.pk for plan in candidates if relations.access(plan.member).reads_text]
        return plans.filter(pk__in=readable)

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
