from rest_framework.routers import SimpleRouter

from goals.api import views

router = SimpleRouter()
router.register("goal-plans", views.GoalPlanViewSet, basename="api-goal-plan")
router.register("goal-summary", views.CohortGoalSummaryViewSet, basename="api-goal-summary")

urlpatterns = router.urls
