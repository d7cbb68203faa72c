"""The one mentoring URL outside /o/: a person's calendar feed, found by its secret token."""

from django.urls import path

from sessions.views.calendar import calendar_feed

urlpatterns = [
    path("<str:token>.ics", calendar_feed, name="calendar_feed"),
]
