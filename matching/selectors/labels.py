"""What managers read for each score component: names, short bar labels and help text."""

from __future__ import annotations

COMPONENT_LABELS = {
    "different_department": "Different department",
    "level_gap": "Level gap",
    "reporting_line": "Outside reporting line",
    "learning_fit": "Learning wishes ↔ strengths",
    "values": "Shared values",
    "passions": "Passions",
    "location": "Location",
    "mentee_rank": "Mentee's ranking",
}


# Short names for the bars of a pair's breakdown.
COMPONENT_SHORT_LABELS = {
    "different_department": "Other department",
    "level_gap": "Level gap",
    "reporting_line": "Reporting line",
    "learning_fit": "Learning fit",
    "values": "Values",
    "passions": "Passions",
    "location": "Location",
    "mentee_rank": "Mentee's rank",
}


COMPONENT_HELP = {
    "different_department": "Mentor and mentee work in different departments: the mentor learns an "
    "unfamiliar area.",
    "level_gap": "The mentor is senior by at least the minimum gap (full marks in the next two levels, "
    "then less for mentors far above).",
    "reporting_line": "Neither manages the other at any depth. Such pairs are never proposed, so this adds "
    "the same to every pair.",
    "learning_fit": "Share of the mentee's learning wishes that the mentor lists as strengths.",
    "values": "Values both chose, out of all the values either chose.",
    "passions": "Shared passions count fully, complementary ones (an idea person and a builder) half.",
    "location": "Same city, or close time zones.",
    "mentee_rank": "Hybrid programs: how high the mentee ranked this mentor on their shortlist.",
}
