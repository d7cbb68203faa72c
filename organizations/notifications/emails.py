"""The email of a stored notification: text and HTML parts, stable Message-ID, unsubscribe.

The body was rendered when the notification was made, or is rendered now from the context
it was stored with (a scan's message); the frame (greeting line, button,
footer with the one-click unsubscribe and the preferences page) is added here, with links on
the site's configured address (``SITE_URL``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from organizations.models import Notification
from organizations.notifications.kinds import kind_is_essential
from organizations.notifications.outbox import notification_body
from organizations.notifications.unsubscribe import unsubscribe_url


def message_id(notification: Notification) -> str:
    """The same for every attempt, so a resent email is recognised as the same message."""
    domain = urlsplit(settings.SITE_URL).hostname or "lodestar.local"
    return f"<notification.{notification.organization_id}.{notification.pk}@{domain}>"


def notification_email(notification: Notification, *, connection=None) -> EmailMultiAlternatives:
    organization = notification.organization
    # A scan's message is rendered now, from the context it was stored with (on this instance
    # only: the row keeps its context).
    notification.body_text, notification.body_html = notification_body(notification)
    link = settings.SITE_URL + notification.link if notification.link.startswith("/") else notification.link
    headers = {"Message-ID": message_id(notification)}
    unsubscribe = ""
    preferences = ""
    if not kind_is_essential(notification.kind):
        unsubscribe = unsubscribe_url(notification)
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        if notification.user_id:
            preferences = settings.SITE_URL + reverse(
                "notification_preferences", kwargs={"org_slug": organization.slug}
            )
    context = {
        "notification": notification,
        "organization": organization,
        "link": link,
        # The kind's HTML part was rendered (and escaped) by its own template when it was stored.
        "body_html": mark_safe(notification.body_html)
        if notification.body_html
        else linebreaks(notification.body_text, autoescape=True),
        "unsubscribe_url": unsubscribe,
        "preferences_url": preferences,
    }
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("notifications/email.txt", context),
        to=[notification.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    return message
