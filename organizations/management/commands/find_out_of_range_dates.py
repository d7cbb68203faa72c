"""``manage.py find_out_of_range_dates [--org acme]``: list stored dates outside their ranges.

Dates entered before the services bounded them (``organizations/date_ranges.py``) may be in
year 1 or 9999 and break pages for everyone in the organization. This lists each one with the
value the database holds and the range it should be in, and exits with status 1 when it finds
any, so it can run in a deploy or a cron job. It changes nothing: fix each row by hand (or
delete it) once you know what the person meant.
"""

from django.core.management.base import BaseCommand, CommandError

from organizations.date_ranges import date_finders
from organizations.models import Organization
from organizations.tenancy import organization_scope


class Command(BaseCommand):
    help = "List stored dates outside the range their meaning allows (year 1, year 9999, …)."

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="SLUG", help="Only this organization (default: all).")

    def handle(self, *args, org=None, **options):
        organizations = Organization.objects.order_by("slug")
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization with the slug {org!r}")
        found = 0
        for organization in organizations:
            with organization_scope(organization):
                for finder in date_finders():
                    for row in finder(organization):
                        found += 1
                        self.stdout.write(
                            f"{row.organization}: {row.model} {row.pk} {row.field} = {row.stored!r}; "
                            f"allowed {row.allowed}"
                        )
        if found:
            raise CommandError(f"{found} stored date{'s are' if found != 1 else ' is'} out of range.")
        self.stdout.write(self.style.SUCCESS("Every stored date is within its range."))
