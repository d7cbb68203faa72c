"""Matching pages: ``manage`` (cohorts, runs, hand edits, publish), ``program_settings`` (weights
with a preview), ``rematches`` (managers resolve requests), ``participant`` (a person's own
matches, ranking and rematch request)."""
