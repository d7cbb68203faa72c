"""Start-up checks for the hooks cohorts exposes to the apps above it.

Without a partner source, trust-profile visibility would silently hide every profile from the
partners it must be shared with; start-up stops instead.
"""

from django.core import checks

from cohorts.profiles import visibility


def partner_source_registered(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if visibility.partner_source_is_registered():
        return []
    return [
        checks.Error(
            "No partner source is registered, so nobody's matched partner could read their trust profile.",
            hint="The matching app registers one in MatchingConfig.ready(); is it in INSTALLED_APPS?",
            id="cohorts.E001",
        )
    ]


def register() -> None:
    checks.register(partner_source_registered)
