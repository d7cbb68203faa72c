"""A test-only email backend for server and worker processes a test starts.

``EMAIL_BACKEND=tests.email_backends.RecordingEmailBackend`` appends one JSON line per message
to the file named by ``LODESTAR_TEST_EMAIL_LOG`` (opened, written and closed per message, so a
process killed at any moment leaves whole lines). It sleeps ``LODESTAR_TEST_EMAIL_DELAY``
seconds before writing (a mail server taking its time) and ``LODESTAR_TEST_EMAIL_DELAY_AFTER``
after (a server that has the message but is slow to say so): the windows in which a test kills
a worker with an email in flight, not yet sent or already sent.
"""

import json
import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class RecordingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        path = os.environ["LODESTAR_TEST_EMAIL_LOG"]
        delay = float(os.environ.get("LODESTAR_TEST_EMAIL_DELAY", "0") or 0)
        delay_after = float(os.environ.get("LODESTAR_TEST_EMAIL_DELAY_AFTER", "0") or 0)
        sent = 0
        for message in email_messages:
            if delay:
                time.sleep(delay)
            line = json.dumps(
                {
                    "to": list(message.to),
                    "subject": str(message.subject),
                    "message_id": message.extra_headers.get("Message-ID", ""),
                    "pid": os.getpid(),
                }
            )
            with open(path, "a", encoding="utf-8") as log:
                log.write(line + "\n")
                log.flush()
                os.fsync(log.fileno())
            if delay_after:
                time.sleep(delay_after)
            sent += 1
        return sent


def recorded(path) -> list[dict]:
    """The messages a RecordingEmailBackend wrote to ``path``, in order."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as log:
        return [json.loads(line) for line in log if line.endswith("\n")]
