from rest_framework.throttling import SimpleRateThrottle

from organizations.api.throttling import CallerRateThrottle

# Each analytics request reads several fact tables; an HR system polling in a loop should not
# crowd out the people using the dashboard. Override with REST_FRAMEWORK's
# DEFAULT_THROTTLE_RATES["analytics"].
DEFAULT_RATE = "120/min"


class AnalyticsRateThrottle(CallerRateThrottle):
    """A budget of its own for the analytics endpoints, per API key (or signed-in person)."""

    scope = "analytics"

    def get_rate(self) -> str:
        return SimpleRateThrottle.THROTTLE_RATES.get(self.scope) or DEFAULT_RATE
