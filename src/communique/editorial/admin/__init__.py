"""The editors' admin, one module per concern; importing this package registers them all.

- `base`: role-scoped permissions shared by every model admin here
- `releases`: a release's own fields, its new texts, pictures and documents
- `texts`: one text at a time, with its workflow buttons (`workflow`) and revisions
- `translations`: "Translate into…" and the missing-translations dashboard
- `roles`: who holds which role in which office
- `audit`: the audit log, and site administrators' accounts
- `confirmations`: the page that asks before a withdrawal or a first publication
- `site`: the admin's title (the organisation's name) and how empty values look

Every check is a selector (`editorial.selectors`) and every write a service
(`editorial.services`); the admin only asks.
"""

from django.contrib import admin

from communique.editorial.admin import audit, releases, roles, site, texts  # noqa: F401

site.name_the_site(admin.site)
