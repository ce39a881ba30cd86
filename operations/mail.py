"""Every email the site sends leaves through the task queue.

The "default" mailer (``MAILERS``) is ``QueuedEmailBackend``: Django, Wagtail
(workflow notifications, password resets) and our own code (accessible-format
requests) send as usual, and each message becomes a ``deliver_email`` task
that the worker (``manage.py db_worker``) sends with the "delivery" mailer
(SMTP in production). A slow or unreachable mail
server then never holds a request, and a failed delivery is a failed task
in the worker's log and the task results, not an error page.

A message with attachments (none of the site's own) is sent at once, as
before: files do not belong in the queue's database rows.
"""

import logging
import sys

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import task

logger = logging.getLogger(__name__)


def _payload(message):
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email or settings.DEFAULT_FROM_EMAIL),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), str(mimetype)]
            for content, mimetype in getattr(message, "alternatives", None) or []
        ],
    }


DELIVERY = "delivery"


@task()
def deliver_email(payload):
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message.send(using=DELIVERY)


class ConsoleEmailBackend(BaseEmailBackend):
    """Development (`make run`): prints each message as its reader sees it, the
    headers that matter and then its plain text, in the worker's output.

    Django's console backend prints the encoded message: a long line (an
    invitation's link) comes out quoted-printable, cut with "=" where it is
    wrapped, and cannot be opened from the terminal.
    """

    def send_messages(self, email_messages):
        for message in email_messages:
            lines = [
                f"From: {message.from_email}",
                f"To: {', '.join(message.to)}",
                *([f"Cc: {', '.join(message.cc)}"] if message.cc else []),
                f"Subject: {message.subject}",
                "",
                str(message.body),
                "-" * 79,
            ]
            sys.stdout.write("\n".join(lines) + "\n")
            sys.stdout.flush()
        return len(email_messages)


class QueuedEmailBackend(BaseEmailBackend):
    """Puts each message on the task queue; the worker delivers it."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            if message.attachments:
                queued += mailers[DELIVERY].send_messages([message])
                continue
            try:
                deliver_email.enqueue(_payload(message))
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Could not queue an email to %s", ", ".join(message.to))
                continue
            queued += 1
        return queued
