from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts, selection and trust profiles"

    def ready(self) -> None:
        from cohorts import erasure, personal_data

        personal_data.register()
        erasure.register()
        # Programs sit below cohorts and cannot import them; eligibility's "not already in an
        # active cohort" rule asks through this hook instead (programs/participation.py).
        from cohorts.selectors import employee_ids_in_active_cohorts
        from programs.participation import register_active_participation_source

        register_active_participation_source(employee_ids_in_active_cohorts)

        # Likewise the program's status steps ask whether its class stands in the way.
        from cohorts.program_steps import class_blocks_transition, complete_class_with_program
        from programs.lifecycle import register_transition_check, register_transition_effect

        register_transition_check(class_blocks_transition)
        register_transition_effect(complete_class_with_program)

        # And a program's pages ask where its class is (programs/class_link.py).
        from cohorts.program_steps import program_class_link
        from programs.class_link import register_class_link_reader

        register_class_link_reader(program_class_link)

        from cohorts import checks, navigation, notifications
        from cohorts.teams import navigation as teams_navigation

        checks.register()
        navigation.register()
        teams_navigation.register()
        notifications.register()
