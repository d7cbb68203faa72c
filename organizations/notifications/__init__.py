"""Notifications: the outbox every message goes through, its kinds, dispatch and preferences.

- ``kinds``: the registry of message kinds (each app registers its own in ``ready()``) and the
  scans that find reminders due.
- ``outbox``: ``notify()``, which stores a message in the caller's transaction, once.
- ``dispatch``: sends pending emails one by one, with retries; kicked after commit and swept
  by beat.
- ``emails``: builds the email (text and HTML parts, Message-ID, one-click unsubscribe).
- ``unsubscribe``: signed links that work without signing in.
- ``digest``: the daily digest for people who chose it.
- ``enqueue``: sends a Celery message without ever blocking a request on the broker.
"""
