"""The editors' admin, one module per concern; importing this package registers them all.

- `base`: role-scoped permissions shared by every model admin here
- `releases`: a release's own fields, its new texts, pictures and documents
- `texts`: one text at a time, with its workflow buttons (`workflow`) and revisions
- `translations`: "Translate into…" and the missing-translations dashboard
- `roles`: who holds which role in which office
- `audit`: the audit log, and site administrators' accounts

Every check is a selector (`editorial.selectors`) and every write a service
(`editorial.services`); the admin only asks.
"""

from communique.editorial.admin import audit, releases, roles, texts  # noqa: F401
