"""``notify()``: store a message in the caller's transaction, at most once.

The message is rendered now (what the event said when it happened) and written in the same
transaction as the event, so a rollback takes it away and a commit keeps it even when the
broker is down: the dispatcher sends it later. The unique key (recipient, kind, key) makes a
repeated event or scan a no-op. After commit the dispatcher is kicked; the kick is only a hint
(the beat sweep sends anything it missed).
"""

import datetime
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.signals import setting_changed
from django.db import connection, transaction
from django.dispatch import receiver
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from organizations.clock import organization_today
from organizations.fast_insert import insert_new, insert_values, server_side_cursor
from organizations.models import (
    EmailStatus,
    Employee,
    Membership,
    Notification,
    NotificationPreference,
    Organization,
    User,
)
from organizations.notifications.kinds import NotificationKind, notification_kind


def recipient_key_for(*, user: User | None = None, email: str = "") -> str:
    """``user:<id>`` for people with an account, ``email:<address>`` for anyone else."""
    if user is not None:
        return f"user:{user.pk}"
    return f"email:{email.strip().lower()}"


@dataclass
class Message:
    """One message to one person. ``key`` names its subject and period (``"pair:12:2026-11"``);
    the body comes from ``templates/notifications/<kind>.txt`` rendered with ``context``
    (and ``<kind>.html`` for the HTML part, when the kind has one).

    ``employee`` is the recipient's roster row when there is one: people who have left the
    roster are not written to.

    Scans that store thousands of messages build them from plain values instead of model
    rows: ``user_id`` for ``user``, the address in ``email``, and ``left_on`` (the roster
    row's termination date) for ``employee``.
    """

    kind: str
    key: str
    subject: str
    context: dict[str, Any] = field(default_factory=dict)
    user: User | None = None
    email: str = ""
    link: str = ""
    employee: Employee | None = None
    user_id: int | None = None
    left_on: datetime.date | None = None

    @property
    def recipient_user_id(self) -> int | None:
        return self.user.pk if self.user is not None else self.user_id

    @property
    def recipient_key(self) -> str:
        if self.user is None and self.user_id is not None:
            return f"user:{self.user_id}"
        return recipient_key_for(user=self.user, email=self.address)

    @property
    def address(self) -> str:
        if self.email:
            return self.email
        if self.user is not None:
            return self.user.email
        if self.employee is not None:
            return self.employee.email
        return ""


def _has_left(message: Message, today: datetime.date) -> bool:
    left_on = message.employee.termination_date if message.employee is not None else message.left_on
    return left_on is not None and left_on <= today


def _render(message: Message, organization: Organization) -> tuple[str, str]:
    return render_body(message.kind, organization, message.context)


def render_body(kind: str, organization: Organization, context: dict[str, Any]) -> tuple[str, str]:
    """The text and HTML parts of a ``kind`` message (HTML empty when the kind has none)."""
    context = {"organization": organization, **context}
    text = render_to_string(f"notifications/{kind}.txt", context).strip()
    if kind in _NO_HTML:
        return text, ""
    try:
        html = render_to_string(f"notifications/{kind}.html", context).strip()
    except TemplateDoesNotExist:
        _NO_HTML.add(kind)
        html = ""
    return text, html


# Kinds with no HTML template: looked up once per process, not once per message (the failed
# lookup cost as much as the rendering). Forgotten when the settings change (tests).
_NO_HTML: set[str] = set()


@receiver(setting_changed)
def _forget_templates(**kwargs) -> None:
    _NO_HTML.clear()


def notification_body(notification: Notification) -> tuple[str, str]:
    """The text and HTML parts of a stored message: as stored, or rendered from its stored
    context when it was stored unrendered (a scan's message). No query when the caller read
    the notification with its organization."""
    if notification.body_text or not notification.context:
        return notification.body_text, notification.body_html
    return render_body(notification.kind, notification.organization, notification.context)


def _plain(value: Any) -> bool:
    """Whether ``value`` is stored as JSON and read back equal (so rendering it later gives
    the same text): strings, numbers, booleans, None, and lists and str-keyed dicts of them."""
    if value is None or type(value) in (str, int, bool):
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is list:
        return all(_plain(item) for item in value)
    if type(value) is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    return False


def _deferred(message: Message, kind: NotificationKind) -> bool:
    """A message is stored unrendered when its context is plain JSON and it carries no secret
    (a secret's body is dropped once sent; an essential message renders at once, as before)."""
    return not kind.secret and not kind.essential and _plain(message.context)


def _wanted(
    organization: Organization, messages: Iterable[Message], now: datetime.datetime
) -> dict[tuple[str, str, str], Message]:
    """The messages by identity (recipient, kind, key), the first of each; none without an
    address or to someone who has left the roster."""
    today = organization_today(organization, now)
    wanted: dict[tuple[str, str, str], Message] = {}
    for message in messages:
        if not message.address or _has_left(message, today):
            continue
        wanted.setdefault((message.recipient_key, message.kind, message.key[:200]), message)
    return wanted


def _bodies(message: Message, kind: NotificationKind, organization: Organization) -> tuple[str, str, dict]:
    """(text, html, context) as stored: empty bodies and the context for a deferred message."""
    if _deferred(message, kind):
        return "", "", message.context
    return *_render(message, organization), {}


def _new_rows(
    organization: Organization,
    messages: Iterable[Message],
    now: datetime.datetime,
    *,
    read_existing: bool = True,
) -> list[tuple]:
    """The rows (``_COLUMNS``) of the messages that do not exist yet, their channels decided
    by the recipients' preferences. Three queries: existing keys, preferences, digest choices.
    Without ``read_existing`` the rows of messages stored already are made too (and left out
    by the insert's ``ON CONFLICT DO NOTHING``): for scans, which have dropped the subjects
    already told before building messages."""
    wanted = _wanted(organization, messages, now)
    if not wanted:
        return []
    recipient_keys = {recipient for recipient, _, _ in wanted}
    kinds = {kind for _, kind, _ in wanted}
    # Keys too, so a scan reads only the candidates, not every earlier message of these kinds
    # to these people (a year of weekly reminders).
    keys = {key for _, _, key in wanted}
    if read_existing:
        existing = set(
            Notification.objects.filter(
                organization=organization, recipient_key__in=recipient_keys, kind__in=kinds, key__in=keys
            ).values_list("recipient_key", "kind", "key")
        )
        wanted = {identity: message for identity, message in wanted.items() if identity not in existing}
        if not wanted:
            return []
    preferences = {
        (recipient_key, kind): (by_email, in_app)
        for recipient_key, kind, by_email, in_app in NotificationPreference.objects.filter(
            organization=organization, recipient_key__in=recipient_keys, kind__in=kinds
        ).values_list("recipient_key", "kind", "by_email", "in_app")
    }
    user_ids = {message.recipient_user_id for message in wanted.values()} - {None}
    digest_users = set(
        Membership.objects.filter(
            organization=organization, user_id__in=user_ids, daily_digest=True
        ).values_list("user_id", flat=True)
        if user_ids
        else ()
    )
    rows = []
    for (recipient_key, kind_key, key), message in wanted.items():
        kind = notification_kind(kind_key)
        preference = preferences.get((recipient_key, kind_key))
        by_email = kind.by_email if preference is None or kind.essential else preference[0]
        in_app = kind.in_app if preference is None or kind.essential else preference[1]
        user_id = message.recipient_user_id
        if not by_email:
            status = EmailStatus.SKIPPED
        elif user_id is not None and user_id in digest_users and kind.digestible and not kind.essential:
            status = EmailStatus.DIGEST
        else:
            status = EmailStatus.PENDING
        text, html, context = _bodies(message, kind, organization)
        rows.append(
            (
                organization.pk,
                recipient_key,
                user_id,
                message.address,
                kind_key,
                key,
                " ".join(message.subject.split())[:300],
                text,
                html,
                message.link,
                now,
                str(status),
                now,
                bool(in_app and user_id is not None),
                context,
            )
        )
    return rows


# The columns ``_new_rows`` fills; the others take their defaults (``_DEFAULTS``).
_COLUMNS = (
    "organization_id",
    "recipient_key",
    "user_id",
    "email",
    "kind",
    "key",
    "subject",
    "body_text",
    "body_html",
    "link",
    "created_at",
    "email_status",
    "next_attempt_at",
    "in_app",
    "context",
)
_STATUS = _COLUMNS.index("email_status")
_UNIQUE = ("organization", "recipient_key", "kind", "key")


def notify_many(
    organization: Organization,
    messages: Iterable[Message],
    *,
    now: datetime.datetime | None = None,
    kick: bool = True,
) -> list[Notification]:
    """Store the messages that do not exist yet; return the ones created.

    Four queries whatever the number of messages: existing keys, preferences, digest choices,
    one insert. Preferences decide the channels now: a kind switched off by email is stored
    as ``skipped`` (so a later scan does not create it again), one held for the daily digest
    as ``digest``.
    """
    now = now or timezone.now()
    rows = [
        Notification(**dict(zip(_COLUMNS, row, strict=True)))
        for row in _new_rows(organization, messages, now)
    ]
    # One statement per 2,000 rows; a key a concurrent scan wrote since the read above is
    # skipped by the constraint (and left out of what is returned), keeping the caller's
    # transaction alive.
    rows = insert_new(Notification, rows, unique=_UNIQUE)
    if kick and any(row.email_status == EmailStatus.PENDING for row in rows):
        from organizations.notifications.enqueue import dispatch_after_commit

        dispatch_after_commit(organization)
    return rows


def notify_count(
    organization: Organization,
    messages: Iterable[Message],
    *,
    now: datetime.datetime | None = None,
    kick: bool = True,
) -> int:
    """``notify_many`` for scans: the same rows, no model instance made or returned; how many
    were created. Messages stored already are left out by the insert, not by a read first
    (a scan has dropped the subjects it told before). On PostgreSQL one statement, which
    applies the preferences and digest choices itself (``_insert_deciding``); elsewhere
    three queries."""
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        statuses = _insert_deciding(organization, _wanted(organization, messages, now), now)
    else:
        rows = _new_rows(organization, messages, now, read_existing=False)
        if not rows:
            return 0
        defaults = _defaults()
        columns = [*_COLUMNS, *defaults]
        extra = tuple(defaults.values())
        rows = insert_values(Notification, columns, [row + extra for row in rows], unique=_UNIQUE)
        statuses = [row[_STATUS] for row in rows]
    if kick and any(status == EmailStatus.PENDING for status in statuses):
        from organizations.notifications.enqueue import dispatch_after_commit

        dispatch_after_commit(organization)
    return len(statuses)


# What ``_insert_deciding`` sends per message (its arrays), and per kind.
_MESSAGE_COLUMNS = (
    "recipient_key",
    "user_id",
    "email",
    "kind",
    "key",
    "subject",
    "body_text",
    "body_html",
    "link",
    "context",
)
_KIND_FLAGS = ("by_email", "in_app", "digestible", "essential")


def _insert_deciding(
    organization: Organization, wanted: dict[tuple[str, str, str], Message], now: datetime.datetime
) -> list[str]:
    """Store the messages (PostgreSQL) in one ``INSERT … SELECT … ON CONFLICT DO NOTHING``
    that decides each one's channels in the database, as ``_new_rows`` does in Python: the
    recipient's preference for the kind (ignored for essential kinds) or the kind's default,
    and ``digest`` for the digestible kinds of people who chose the daily digest. The email
    statuses of the rows written, one per row."""
    if not wanted:
        return []
    meta = Notification._meta
    quote = connection.ops.quote_name
    values: dict[str, list] = {name: [] for name in (*_MESSAGE_COLUMNS, *_KIND_FLAGS)}
    json_field = meta.get_field("context")
    for (recipient_key, kind_key, key), message in wanted.items():
        kind = notification_kind(kind_key)
        text, html, context = _bodies(message, kind, organization)
        for name, value in (
            ("recipient_key", recipient_key),
            ("user_id", message.recipient_user_id),
            ("email", message.address),
            ("kind", kind_key),
            ("key", key),
            ("subject", " ".join(message.subject.split())[:300]),
            ("body_text", text),
            ("body_html", html),
            ("link", message.link),
            # As JSON text, cast in the statement: what the field's adapter sends, without an
            # adapter object per row.
            ("context", json.dumps(context, cls=json_field.encoder)),
            ("by_email", kind.by_email),
            ("in_app", kind.in_app),
            ("digestible", kind.digestible),
            ("essential", kind.essential),
        ):
            values[name].append(value)
    types = {name: meta.get_field(name).db_type(connection) for name in _MESSAGE_COLUMNS}
    types.update(dict.fromkeys(_KIND_FLAGS, "boolean"), context="text")
    defaults = _defaults()
    default_fields = [meta.get_field(name) for name in defaults]
    arrays = ", ".join(f"%b::{types[name]}[]" for name in values)
    columns = [
        *(meta.get_field(name).column for name in ("organization", *_MESSAGE_COLUMNS)),
        "created_at",
        "next_attempt_at",
        "email_status",
        "in_app",
        *(field.column for field in default_fields),
    ]
    selected = [
        "%s",
        *(f"m.{name}::jsonb" if name == "context" else f"m.{name}" for name in _MESSAGE_COLUMNS),
        "%s",
        "%s",
        # The preference when there is one (not for essential kinds: the join finds none),
        # the kind's default otherwise.
        "CASE WHEN NOT COALESCE(p.by_email, m.by_email) THEN %s"
        " WHEN m.digestible AND NOT m.essential AND d.user_id IS NOT NULL THEN %s ELSE %s END",
        "COALESCE(p.in_app, m.in_app) AND m.user_id IS NOT NULL",
        *(f"%s::{field.db_type(connection)}" for field in default_fields),
    ]
    unique = ", ".join(quote(meta.get_field(name).column) for name in _UNIQUE)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(column) for column in columns)}) "
        f"SELECT {', '.join(selected)} FROM UNNEST({arrays}) AS m({', '.join(values)}) "
        f"LEFT JOIN {quote(NotificationPreference._meta.db_table)} p ON p.organization_id = %s"
        " AND p.recipient_key = m.recipient_key AND p.kind = m.kind AND NOT m.essential "
        f"LEFT JOIN {quote(Membership._meta.db_table)} d ON d.organization_id = %s"
        " AND d.user_id = m.user_id AND d.daily_digest "
        f"ON CONFLICT ({unique}) DO NOTHING RETURNING email_status"
    )
    params = [
        organization.pk,
        now,
        now,
        str(EmailStatus.SKIPPED),
        str(EmailStatus.DIGEST),
        str(EmailStatus.PENDING),
        *(
            field.get_db_prep_save(value, connection)
            for field, value in zip(default_fields, defaults.values(), strict=True)
        ),
        *values.values(),
        organization.pk,
        organization.pk,
    ]
    with server_side_cursor() as cursor:
        cursor.execute(sql, params)
        return [status for (status,) in cursor.fetchall()]


def _defaults() -> dict[str, Any]:
    """The default of every column ``_COLUMNS`` leaves out (attempts 0, no claim, …)."""
    blank = Notification()
    return {
        field.attname: getattr(blank, field.attname)
        for field in Notification._meta.concrete_fields
        if not field.primary_key and field.attname not in _COLUMNS
    }


def notify(organization: Organization, message: Message, **options: Any) -> Notification | None:
    """Store one message unless it exists; the created row, or ``None``."""
    created = notify_many(organization, [message], **options)
    return created[0] if created else None


def notified(
    organization: Organization, *, kind: str, key: str, user: User | None = None, email: str = ""
) -> bool:
    """Whether this message was already stored (for callers that must not even render twice)."""
    return Notification.objects.filter(
        organization=organization,
        recipient_key=recipient_key_for(user=user, email=email),
        kind=kind,
        key=key,
    ).exists()


@transaction.atomic
def notifications_mark_read(
    *, user: User, organization: Organization, ids: Iterable[int] | None = None
) -> int:
    """Mark the person's in-app notifications read (all of them, or those ids); how many."""
    rows = Notification.objects.filter(
        organization=organization, user=user, in_app=True, read_at__isnull=True
    )
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
