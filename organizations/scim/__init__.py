"""SCIM 2.0 provisioning at /scim/v2/ (RFC 7643, RFC 7644): an identity provider creates,
updates and deactivates an organization's members with the organization's bearer token.

``authentication`` (the token), ``tokens`` (creating and revoking it), ``protocol`` (schema
URNs, errors, the resources' JSON), ``patch`` (PATCH operations), ``selectors`` (reads),
``services`` (writes), ``views`` and ``urls``. What it means for people: docs/provisioning.md.
"""
