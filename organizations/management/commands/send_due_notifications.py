"""Find the reminders that fell due and send every pending email, for every organization.

What the beat task ``organizations.tasks.send_due_notifications`` does, in-process: the
embedded default (no Redis) runs this on a timer (``make run`` passes ``--every 60``), so a new
user sees messages in the console.
"""

import time

from django.core.management.base import BaseCommand

from organizations.models import Organization
from organizations.notifications.dispatch import DispatchResult, dispatch_due
from organizations.notifications.scans import scans_run
from organizations.tenancy import organization_scope


class Command(BaseCommand):
    help = "Create the notifications that fell due and send the pending emails (every organization)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, once every SECONDS (0, the default: run once and stop).",
        )

    def handle(self, *args, every: int = 0, **options):
        while True:
            self._run_once()
            if every <= 0:
                return
            time.sleep(every)

    def _run_once(self) -> None:
        from django.utils import timezone

        created = 0
        result = DispatchResult()
        for organization in Organization.objects.order_by("pk"):
            with organization_scope(organization):
                created += scans_run(organization=organization, now=timezone.now())
                result = result + dispatch_due(organization=organization)
        self.stdout.write(
            f"notifications: {created} created, {result.sent} sent, "
            f"{result.retried} to retry, {result.failed} failed"
        )
