"""Reading the audit log: the admins' filters, one selector for the page and its CSV."""

import datetime

from django import forms
from django.db.models import QuerySet

from organizations.clock import local_datetime
from organizations.date_ranges import EARLIEST, LATEST
from organizations.models import AuditAction, AuditEntry, Organization

CSV_HEADER = ["When", "Action", "Who", "From address", "Object type", "Object id", "Object", "Changes"]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(choices=[("", "Every action"), *AuditAction.choices], required=False)
    who = forms.CharField(
        required=False,
        max_length=200,
        label="Who",
        help_text="Part of an email address or an API key's name.",
    )
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        for name in ("since", "until"):
            day = data.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, f"Choose a day between {EARLIEST.year} and {LATEST.year}.")
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The last day comes after the first.")
        return data


def audit_entries(
    *,
    organization: Organization,
    action: str = "",
    who: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """The organization's entries, newest first, narrowed by the filters (days on the
    organization's calendar, both included)."""
    entries = AuditEntry.objects.filter(organization=organization)
    if action:
        entries = entries.filter(action=action)
    if who:
        entries = entries.filter(actor_label__icontains=who)
    if since:
        entries = entries.filter(created_at__gte=local_datetime(since, datetime.time(0), organization))
    if until:
        following = until + datetime.timedelta(days=1)
        entries = entries.filter(created_at__lt=local_datetime(following, datetime.time(0), organization))
    return entries.order_by("-created_at", "-id")


def audit_csv_rows(entries, organization: Organization):
    from organizations.clock import organization_tz

    zone = organization_tz(organization)
    for entry in entries.iterator(chunk_size=2000):
        yield [
            entry.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S %z"),
            entry.get_action_display(),
            entry.actor_label,
            entry.ip_address or "",
            entry.object_type,
            entry.object_id,
            entry.object_label,
            "; ".join(entry.changes),
        ]
