"""Demo data for trying Lodestar: ``manage.py seed_demo`` (see demo/apps.py)."""
