from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        # Cohorts sit below matching and cannot ask it who is paired with whom; the trust
        # profile visibility check asks through this hook instead (cohorts/profiles/visibility.py).
        from cohorts.profiles.visibility import register_partner_source
        from matching.selectors import current_partner_ids

        register_partner_source(current_partner_ids)

        from matching.demo import seed_match_settings
        from organizations.demo_steps import register_demo_step

        register_demo_step("match settings", seed_match_settings, order=30)
