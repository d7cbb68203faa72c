from rest_framework.routers import SimpleRouter

from cohorts.api import views
from cohorts.profiles.api import TrustProfileViewSet

router = SimpleRouter(use_regex_path=False)  # ids as <int:pk>: the base viewset says so
router.register("cohorts", views.CohortViewSet, basename="api-cohort")
router.register("participants", views.ParticipantViewSet, basename="api-participant")
router.register("trust-profiles", TrustProfileViewSet, basename="api-trust-profile")

urlpatterns = router.urls
