"""The WSGI application that `communique serve` (granian) runs.

Django's application behind the front layer (`communique/front.py`), which answers readers'
page-cache hits before Django's middleware and URL resolution.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communique.settings")
django_application = get_wsgi_application()

from communique.front import FrontLayer  # noqa: E402 - needs the settings set up above

application = FrontLayer(django_application)
