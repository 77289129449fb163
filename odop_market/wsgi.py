"""WSGI entry point for gunicorn: ``gunicorn odop_market.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_market.settings")

application = get_wsgi_application()
