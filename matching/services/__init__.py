"""Writes of the matching app, one module per subject: ``settings`` (weights and rules),
``runs`` (run, re-run), ``edits`` (pin, forbid, swap by hand), ``publish`` (pairs and the
emails about them), ``rematch`` (requests and their resolution), ``ranking`` (hybrid shortlists).
"""
