"""The run page's rows and lists of people, drawn in Python (``matching.rows``)."""

from django import template

from matching import rows as drawn

register = template.Library()


def _drawer(context) -> drawn.RowDrawer:
    """One drawer per rendering of a page (its links reversed once), kept in the render context."""
    run = context["run"]
    key = ("matching_rows.drawer", run.pk)
    drawer = context.render_context.get(key)
    if drawer is None:
        drawer = drawn.RowDrawer.for_run(
            run, org_slug=context["organization"].slug, csrf_token=context.get("csrf_token")
        )
        context.render_context[key] = drawer
    return drawer


@register.simple_tag(takes_context=True)
def proposal_row(context, row):
    """``{% proposal_row row %}``: one proposed pair's ``<tr>`` (an HTMX answer)."""
    return _drawer(context).row(row)


@register.simple_tag(takes_context=True)
def proposal_rows(context, rows):
    """``{% proposal_rows page.rows %}``: the ``<tr>`` of each proposed pair (``_proposal_row.html``)."""
    return _drawer(context).rows(rows)


@register.simple_tag
def who(person):
    """``{% who participant %}``: what ``_who.html`` draws, without an include."""
    return drawn.who_of(person)


@register.simple_tag
def who_items(people):
    """``{% who_items mentors %}``: an ``<li>`` per participant, drawn as ``_who.html`` draws them."""
    return drawn.people_items(people)


@register.simple_tag
def places_items(entries):
    """``{% places_items page.mentors_with_places %}``: an ``<li>`` per mentor with places left."""
    return drawn.places_items(entries)
