from rest_framework.routers import SimpleRouter

from sessions.api import views

router = SimpleRouter(use_regex_path=False)  # ids as <int:pk>: the base viewset says so
router.register("meetings", views.MeetingViewSet, basename="api-meeting")
router.register("learning-sessions", views.LearningSessionViewSet, basename="api-learning-session")
router.register("session-attendance", views.AttendanceViewSet, basename="api-attendance")
router.register("pair-health", views.PairHealthViewSet, basename="api-pair-health")

urlpatterns = router.urls
