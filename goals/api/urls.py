from rest_framework.routers import SimpleRouter

from goals.api import views

router = SimpleRouter(use_regex_path=False)  # ids as <int:pk>: the base viewset says so
router.register("goal-plans", views.GoalPlanViewSet, basename="api-goal-plan")
router.register("goal-summary", views.CohortGoalSummaryViewSet, basename="api-goal-summary")

urlpatterns = router.urls
