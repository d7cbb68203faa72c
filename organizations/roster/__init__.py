"""The HR roster: the employee file an organization loads, and its dated history.

parsing (CSV columns and row validation), loads (the import service: preview, confirm,
upsert by external id, all or nothing, dated history), links (which roster row is which
signed-in person), selectors, forms, views, urls and api. The models live with the other
tenancy models in ``organizations/models/roster.py``.
"""
