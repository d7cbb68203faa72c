"""Trust profiles: values, passions, purpose, strengths and learning wishes, shared with partners.

models (the profile and the organization's framework), passions (the default archetypes),
forms, services (who may save what), selectors (completion, reads), visibility (who reads a
profile: the one rule), views, urls, api and templatetags (the ``trust_profiles`` library).
"""
