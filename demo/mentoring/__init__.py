"""A cohort's mentoring year, written through the services as it would have happened.

``cohort.py`` publishes a run and follows the cohort: learning sessions and their attendance,
relationship check-in rounds, people who leave Acme (their partner asks for a rematch, the
manager withdraws them and matches the one left behind). ``pairs.py`` follows one pair:
meetings scheduled and logged, both goal plans with milestones and check-ins, check-in
answers. ``rhythms.py`` says how each pair gets on; ``texts.py`` holds their words.
"""
