from rest_framework.routers import SimpleRouter

from matching.api import views

router = SimpleRouter(use_regex_path=False)  # ids as <int:pk>: the base viewset says so
router.register("match-runs", views.MatchRunViewSet, basename="api-match-run")
router.register("proposed-pairs", views.ProposedPairViewSet, basename="api-proposed-pair")
router.register("pairs", views.PairViewSet, basename="api-pair")

urlpatterns = router.urls
