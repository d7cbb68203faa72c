"""Senior-leader project teams: business challenges, teams of mentees from different departments,
their team space, the council that scores their presentations, and the talent pool.

Models live in ``cohorts/teams/models.py`` (imported from ``cohorts/models.py`` so the app
registers them); writes in ``services/``, reads in ``selectors.py``, who may see what in
``access.py``.
"""
