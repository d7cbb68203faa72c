"""The pair space's earlier meetings as table rows, built in Python (issue 17).

The same markup the template's loop gave, character for character
(``tests/sessions/test_meeting_rows.py`` renders both and compares): each value escaped, the
start on the organization's clock as the template's ``{% timezone %}`` showed it.
"""

import zoneinfo

from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from organizations.date_text import formatted_date
from sessions.models import Meeting, MeetingStatus
from sessions.overview_rows import number

_STATUS = {
    MeetingStatus.HAPPENED: '<span class="badge badge-ok">Met</span>',
    MeetingStatus.CANCELLED: '<span class="badge">Cancelled</span>',
}
_NOT_LOGGED = '<span class="badge badge-warn">Not logged yet</span>'


def _row(meeting: Meeting, *, org_slug: str, tz) -> str:
    starts = timezone.localtime(meeting.starts_at, tz)
    when = f"{formatted_date(starts.date(), 'j M Y')}, {starts.hour:02d}:{starts.minute:02d}"
    topics = escape(truncatechars(meeting.topics, 90)) or "—"
    if meeting.learning_session:
        topics += f'<span class="person-sub">Follow-up of {escape(meeting.learning_session.title)}</span>'
    where = {"org_slug": org_slug, "pk": meeting.pk}
    if meeting.status == MeetingStatus.SCHEDULED:
        action = f'<a href="{escape(reverse("mentoring:meeting_log", kwargs=where))}">Log it</a>'
    else:
        action = f'<a href="{escape(reverse("mentoring:meeting", kwargs=where))}">Open</a>'
    return (
        "\n              <tr>"
        f'\n                <td>{when}<span class="person-sub">{number(meeting.duration_minutes)} min · '
        f"{escape(meeting.get_format_display())}</span></td>"
        f"\n                <td>{_STATUS.get(meeting.status, _NOT_LOGGED)}</td>"
        f"\n                <td>{topics}</td>"
        f'\n                <td class="row-actions">{action}</td>'
        "\n              </tr>\n            "
    )


def past_meetings_html(meetings, *, org_slug: str, timezone_name: str) -> SafeString:
    """The ``<tbody>``'s rows for the pair space's earlier meetings."""
    tz = zoneinfo.ZoneInfo(timezone_name)
    return mark_safe("".join(_row(meeting, org_slug=org_slug, tz=tz) for meeting in meetings))
