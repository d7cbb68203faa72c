from rest_framework.routers import SimpleRouter

from cohorts.api import views

router = SimpleRouter()
router.register("cohorts", views.CohortViewSet, basename="api-cohort")
router.register("participants", views.ParticipantViewSet, basename="api-participant")

urlpatterns = router.urls
