"""Pages of the mentoring year, under /o/<org_slug>/mentoring/ (``sessions/urls.py``).

Views parse, call one service or selector, and render. Every object comes through a scoped
manager or a helper of ``sessions/access.py``, so another organization's id — or a pair you
are not in — is the same 404 as an id that does not exist.
"""
