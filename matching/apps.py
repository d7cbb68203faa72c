from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        from matching import erasure, personal_data

        personal_data.register()
        erasure.register()
        # Cohorts sit below matching and cannot ask it who is paired with whom; the trust
        # profile visibility check asks through this hook instead (cohorts/profiles/visibility.py).
        from cohorts.profiles.visibility import register_partner_source
        from matching.selectors import current_partner_ids

        register_partner_source(current_partner_ids)

        from matching import navigation, notifications, panels
        from matching.services.settings import find_stored_ranking_deadlines
        from organizations.date_ranges import register_date_finder

        navigation.register()
        notifications.register()
        register_date_finder(find_stored_ranking_deadlines)
        # Programs sit below matching; their page shows the weights and links to them through
        # this hook (programs/panels.py).
        panels.register()
        # A member the identity provider deactivates leaves their pairs; organizations sits
        # below matching and asks through this hook (organizations/departures.py).
        from matching.services.departures import pairs_end_for_departed_member
        from organizations.departures import register_departure_listener

        register_departure_listener(pairs_end_for_departed_member)
