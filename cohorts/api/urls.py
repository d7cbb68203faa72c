from rest_framework.routers import SimpleRouter

from cohorts.api import profiles, views

router = SimpleRouter()
router.register("cohorts", views.CohortViewSet, basename="api-cohort")
router.register("participants", views.ParticipantViewSet, basename="api-participant")
router.register("trust-profiles", profiles.TrustProfileViewSet, basename="api-trust-profile")

urlpatterns = router.urls
