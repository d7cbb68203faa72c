"""The outside accountability partner's page: public, outside /o/, opened by its secret link."""

from django.urls import path

from goals import views

urlpatterns = [
    path("<str:token>/", views.shared_plan, name="goals_shared_plan"),
]
