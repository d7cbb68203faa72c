"""Writes for project teams, one module per subject: ``challenges``, ``formation``, ``space``,
``council``, ``talent``."""
