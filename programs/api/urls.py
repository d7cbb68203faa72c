from rest_framework.routers import SimpleRouter

from programs.api import views

router = SimpleRouter(use_regex_path=False)  # ids as <int:pk>: the base viewset says so
router.register("programs", views.ProgramViewSet, basename="api-program")
router.register("applications", views.ApplicationViewSet, basename="api-application")

urlpatterns = router.urls
