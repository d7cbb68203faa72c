from rest_framework.routers import SimpleRouter

from matching.api import views

router = SimpleRouter()
router.register("match-runs", views.MatchRunViewSet, basename="api-match-run")
router.register("proposed-pairs", views.ProposedPairViewSet, basename="api-proposed-pair")
router.register("pairs", views.PairViewSet, basename="api-pair")

urlpatterns = router.urls
