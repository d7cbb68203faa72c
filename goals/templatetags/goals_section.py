"""``{% pair_goals_section %}``: the pair space's goals section, built in Python
(``goals/section_html.py``), from the ``pair_goals`` and ``organization`` in the context."""

from django import template

from goals.section_html import pair_goals_html

register = template.Library()


@register.simple_tag(takes_context=True)
def pair_goals_section(context):
    # As the template did, the organization is only needed for the plans' links.
    return pair_goals_html(context["pair_goals"], org_slug=getattr(context.get("organization"), "slug", ""))
