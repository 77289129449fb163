"""The Celery app: reads every CELERY_* setting from Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_market.settings")

app = Celery("odop_market")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
