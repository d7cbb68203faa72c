"""A person's memberships as every organization page reads them: one statement, written out once
per process.

Every page under ``/o/<slug>/`` (and the API with a session) starts by reading the signed-in
person's memberships, each with its organization, the organization's data version (the page
cache's key) and single sign-on (identity provider and its app), and the member's unread count
for the navigation. Built through the ORM, compiling that five-table statement cost about a
millisecond a request, twice what running it costs. Here it is composed once per process from
the models' own columns (a column added to a model is read without a change here), and its rows
become the objects ``select_related`` gives, each value passed through the same converters the
ORM applies. ``tests/organizations/test_membership_rows.py`` checks them field by field against
the ORM's.
"""

import functools
from dataclasses import dataclass

from allauth.socialaccount.models import SocialApp
from django.db import connection
from django.db.models import Model

from organizations.models import DataVersion, IdentityProvider, Membership, Notification, Organization


@dataclass(frozen=True)
class _Part:
    model: type[Model]
    alias: str
    join: str  # how the part joins the ones before it ("" for the first)
    attnames: tuple[str, ...]
    converters: tuple  # per column: (expression, [converter, …])


@dataclass(frozen=True)
class _Statement:
    sql: str
    parts: tuple[_Part, ...]


def _part(model: type[Model], alias: str, join: str) -> _Part:
    fields = model._meta.concrete_fields
    converters = []
    for field in fields:
        column = field.get_col(alias)
        converters.append(
            (column, connection.ops.get_db_converters(column) + field.get_db_converters(connection))
        )
    return _Part(model, alias, join, tuple(f.attname for f in fields), tuple(converters))


@functools.cache
def _statement(vendor: str) -> _Statement:
    q = connection.ops.quote_name

    def table(model):
        return q(model._meta.db_table)

    def joined(kind: str, model, alias: str, column: str, other: str, other_column: str) -> str:
        return f"{kind} {table(model)} {alias} ON {alias}.{q(column)} = {other}.{q(other_column)}"

    parts = (
        _part(Membership, "m", ""),
        _part(Organization, "o", joined("JOIN", Organization, "o", "id", "m", "organization_id")),
        _part(DataVersion, "dv", joined("LEFT JOIN", DataVersion, "dv", "organization_id", "o", "id")),
        _part(
            IdentityProvider,
            "idp",
            joined("LEFT JOIN", IdentityProvider, "idp", "organization_id", "o", "id"),
        ),
        _part(SocialApp, "app", joined("LEFT JOIN", SocialApp, "app", "id", "idp", "app_id")),
    )
    columns = ", ".join(
        f"{part.alias}.{q(field.column)}" for part in parts for field in part.model._meta.concrete_fields
    )
    unread = (
        f"SELECT COUNT(*) FROM {table(Notification)} n"
        f" WHERE n.{q('organization_id')} = m.{q('organization_id')} AND n.{q('user_id')} = m.{q('user_id')}"
        f" AND n.{q('in_app')} = %s AND n.{q('read_at')} IS NULL"
    )
    joins = " ".join(part.join for part in parts[1:])
    sql = (
        f"SELECT {columns}, ({unread}) FROM {table(Membership)} m {joins} "
        f"WHERE m.{q('user_id')} = %s ORDER BY o.{q('name')}, m.{q('id')}"
    )
    return _Statement(sql, parts)


def _converted(part: _Part, values) -> list:
    converted = []
    for value, (expression, converters) in zip(values, part.converters, strict=True):
        for converter in converters:
            value = converter(value, expression, connection)
        converted.append(value)
    return converted


def memberships_of(user) -> list[Membership]:
    """The person's memberships by organization name (then id), each with ``organization``,
    ``organization.data_version``, ``organization.identity_provider`` (and its ``app``) read,
    and ``unread_notifications``: one query."""
    statement = _statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, [True, user.pk])
        rows = cursor.fetchall()
    memberships = []
    for row in rows:
        objects, start = [], 0
        for part in statement.parts:
            values = row[start : start + len(part.attnames)]
            start += len(part.attnames)
            present = values[part.attnames.index(part.model._meta.pk.attname)] is not None
            objects.append(
                part.model.from_db(connection.alias, part.attnames, _converted(part, values))
                if present
                else None
            )
        membership, organization, version, provider, app = objects
        membership._state.fields_cache["organization"] = organization
        organization._state.fields_cache["data_version"] = version
        organization._state.fields_cache["identity_provider"] = provider
        if version is not None:
            version._state.fields_cache["organization"] = organization
        if provider is not None:
            provider._state.fields_cache["organization"] = organization
            provider._state.fields_cache["app"] = app
        membership.unread_notifications = row[start] or 0
        memberships.append(membership)
    return memberships
