from rest_framework.routers import SimpleRouter

from programs.api import views

router = SimpleRouter()
router.register("programs", views.ProgramViewSet, basename="api-program")
router.register("applications", views.ApplicationViewSet, basename="api-application")

urlpatterns = router.urls
