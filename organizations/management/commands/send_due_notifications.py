"""Find the reminders that fell due and send every pending email, for every organization.

What the beat task ``organizations.tasks.send_due_notifications`` does, in-process: the
embedded default (no Redis) runs this on a timer (``make run`` passes ``--every 60``), so a new
user sees messages in the console. On a timer it prints only the runs that did something, and
a run that fails is logged and the next one tried.
"""

import logging
import time

from django.core.management.base import BaseCommand

from organizations.models import Organization
from organizations.notifications.dispatch import DispatchResult, dispatch_due
from organizations.notifications.scans import scans_run
from organizations.tenancy import organization_scope

logger = logging.getLogger(__name__)


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
        if every <= 0:
            self._run_once(quiet=False)
            return
        try:
            while True:
                try:
                    self._run_once(quiet=True)
                except Exception:  # noqa: BLE001 - a bad minute (a locked SQLite file) is not fatal
                    logger.exception("send_due_notifications: this run failed; trying again in %s s", every)
                time.sleep(every)
        except KeyboardInterrupt:
            return  # Ctrl-C in `make run` stops the server and this loop together

    def _run_once(self, *, quiet: bool) -> None:
        from django.utils import timezone

        created = 0
        result = DispatchResult()
        for organization in Organization.objects.order_by("pk"):
            with organization_scope(organization):
                created += scans_run(organization=organization, now=timezone.now())
                result = result + dispatch_due(organization=organization)
        if quiet and not (created or result.sent or result.retried or result.failed):
            return
        self.stdout.write(
            f"notifications: {created} created, {result.sent} sent, "
            f"{result.retried} to retry, {result.failed} failed"
        )
