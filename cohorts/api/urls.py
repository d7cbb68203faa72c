from rest_framework.routers import SimpleRouter

from cohorts.api import views
from cohorts.profiles.api import TrustProfileViewSet
from cohorts.teams import api as teams_api

router = SimpleRouter(use_regex_path=False)  # ids as <int:pk>: the base viewset says so
router.register("cohorts", views.CohortViewSet, basename="api-cohort")
router.register("participants", views.ParticipantViewSet, basename="api-participant")
router.register("trust-profiles", TrustProfileViewSet, basename="api-trust-profile")
router.register("challenges", teams_api.ChallengeViewSet, basename="api-challenge")
router.register("project-teams", teams_api.TeamViewSet, basename="api-project-team")
router.register("council-results", teams_api.CouncilResultViewSet, basename="api-council-result")
router.register("talent-pool", teams_api.TalentFlagViewSet, basename="api-talent-flag")

urlpatterns = router.urls
