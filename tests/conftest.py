"""Fixtures shared by the whole suite. Tests run against real PostgreSQL and Redis."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

#: The real-Celery-worker fixture (``celery_worker``) for integration tests.
pytest_plugins = ["tests.worker"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder per test, private documents to another."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "kernel.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (Redis database 1 by default)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_unless_told():
    """Each test starts in English, and a /hi/ request it makes (which leaves Hindi active
    in the thread) does not carry over into the next test."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _empty_message_outbox():
    """kernel.messaging.outbox (SMS and WhatsApp sent by the locmem backend) starts empty."""
    from kernel import messaging

    messaging.outbox.clear()
    yield
    messaging.outbox.clear()
