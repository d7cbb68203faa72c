"""Start-up checks for the hooks programs exposes to the apps above it.

A hook that nobody registered does not fail loudly on its own: eligibility's "not already in
an active cohort" rule would silently let everyone through, and the program page would silently
lose its target's progress. These checks stop start-up instead.
"""

from django.core import checks

from programs import class_link, lifecycle, panels, participation


def active_participation_source_registered(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if participation.active_participation_source_is_registered():
        return []
    return [
        checks.Error(
            "No active-participation source is registered, so the eligibility rule "
            '"not already in an active cohort" would let everyone through.',
            hint="The cohorts app registers one in CohortsConfig.ready(); is it in INSTALLED_APPS?",
            id="programs.E001",
        )
    ]


def program_panels_registered(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if panels.program_panels_are_registered():
        return []
    return [
        checks.Error(
            "No program-page panel is registered, so a program's page would not show how its "
            "purpose target stands against the measured figure.",
            hint="The analytics app registers one in AnalyticsConfig.ready(); is it in INSTALLED_APPS?",
            id="programs.E002",
        )
    ]


def transition_checks_registered(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if lifecycle.transition_checks_are_registered():
        return []
    return [
        checks.Error(
            "No program-transition check is registered, so a program whose class exists could "
            "go back to draft, or start without its class.",
            hint="The cohorts app registers one in CohortsConfig.ready(); is it in INSTALLED_APPS?",
            id="programs.E003",
        )
    ]


def transition_effects_registered(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if lifecycle.transition_effects_are_registered():
        return []
    return [
        checks.Error(
            "No program-transition effect is registered, so a program marked completed would "
            "leave its class active.",
            hint="The cohorts app registers one in CohortsConfig.ready(); is it in INSTALLED_APPS?",
            id="programs.E004",
        )
    ]


def class_link_reader_registered(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if class_link.class_link_reader_is_registered():
        return []
    return [
        checks.Error(
            "No class-link reader is registered, so a program's pages would not lead to its class.",
            hint="The cohorts app registers one in CohortsConfig.ready(); is it in INSTALLED_APPS?",
            id="programs.E005",
        )
    ]


def register() -> None:
    checks.register(active_participation_source_registered)
    checks.register(program_panels_registered)
    checks.register(transition_checks_registered)
    checks.register(transition_effects_registered)
    checks.register(class_link_reader_registered)
