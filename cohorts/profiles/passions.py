"""The ten passion archetypes of docs/product.md, in order: the default passion framework.

A plain module (no models) so the Django-free matching engine can use the same list.
"""

PASSION_ARCHETYPES: tuple[str, ...] = (
    "Creator",
    "Conceiver",
    "Discoverer",
    "Processor",
    "Teacher",
    "Connector",
    "Altruist",
    "Healer",
    "Transformer",
    "Builder",
)
