"""``manage.py import_roster roster.csv --org acme``: load an HR roster file from the shell."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations.models import Organization, RosterLoad
from organizations.roster.loads import (
    RosterInvalid,
    roster_default_effective_date,
    roster_import,
    roster_preview,
)
from organizations.tenancy import organization_scope


def _iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--effective-date {text!r} is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Load an HR roster CSV into an organization. The file is applied whole or not at all: "
        "on any bad row every problem is printed with its line number and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file (UTF-8, header on line 1).")
        parser.add_argument("--org", required=True, metavar="SLUG", help="The organization's slug.")
        parser.add_argument(
            "--effective-date",
            metavar="YYYY-MM-DD",
            help="The date the roster describes; history rows carry it. Default: today.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and print what would change; write nothing.",
        )

    def handle(self, *args, file, org, effective_date, dry_run, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization with the slug {org!r}")
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        when = _iso_date(effective_date) if effective_date else None

        with organization_scope(organization):
            if dry_run:
                preview = roster_preview(
                    organization=organization,
                    content=content,
                    effective_date=when or roster_default_effective_date(organization),
                )
                if not preview.is_valid:
                    self._refuse(RosterInvalid(preview))
                self.stdout.write(self._counts("Would load", preview.counts))
                return
            try:
                load = roster_import(
                    organization=organization,
                    actor=None,
                    content=content,
                    filename=path.name,
                    source=RosterLoad.Source.COMMAND,
                    effective_date=when,
                )
            except RosterInvalid as refused:
                self._refuse(refused)
        counts = {
            "rows": load.row_count,
            "created": load.created_count,
            "updated": load.updated_count,
            "unchanged": load.unchanged_count,
        }
        self.stdout.write(
            self.style.SUCCESS(self._counts(f"Loaded {path.name} into {organization.slug}", counts))
            + f" Effective date {load.effective_date.isoformat()}."
        )

    def _refuse(self, refused: RosterInvalid):
        preview = refused.preview
        for message in preview.effective_date_errors:
            self.stderr.write(f"Effective date: {message}")
        for message in preview.file_errors:
            self.stderr.write(f"File: {message}")
        for error in preview.errors:
            label = f" ({error.external_id})" if error.external_id else ""
            for message in error.messages:
                self.stderr.write(f"Line {error.line}{label}: {message}")
        raise CommandError(str(refused))

    @staticmethod
    def _counts(prefix: str, counts: dict) -> str:
        return (
            f"{prefix}: {counts['rows']} rows, {counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged."
        )
