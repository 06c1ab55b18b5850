"""The WSGI application that `communique serve` (granian) runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communique.settings")
application = get_wsgi_application()
