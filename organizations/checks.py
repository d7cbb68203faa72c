"""Start-up checks for the hooks organizations exposes to the apps above it."""

from django.core import checks

from organizations import departures
from organizations.roster import listeners


def roster_listener_registered(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if listeners.roster_applied_listeners_registered():
        return []
    return [
        checks.Error(
            "Nothing listens for applied roster loads, so the analytics facts would never be "
            "refreshed after a load.",
            hint="AnalyticsConfig.ready() registers one; is analytics in INSTALLED_APPS?",
            id="organizations.E001",
        )
    ]


def departure_listener_registered(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if departures.departure_listeners_registered():
        return []
    return [
        checks.Error(
            "Nothing listens for members the identity provider deactivates, so their mentoring "
            "pairs would go on without them and their partners would never hear.",
            hint="MatchingConfig.ready() registers one; is matching in INSTALLED_APPS?",
            id="organizations.E002",
        )
    ]


def register() -> None:
    checks.register(roster_listener_registered)
    checks.register(departure_listener_registered)
