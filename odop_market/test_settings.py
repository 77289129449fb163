"""Settings for the test suite (pytest's DJANGO_SETTINGS_MODULE).

The production settings, loaded with the suite's defaults for whatever the environment
does not set: PostgreSQL and Redis on this machine, Celery tasks run inline (integration
tests start a real worker on the broker), plain HTTP. The defaults are in os.environ only
while odop_market.settings loads, so processes a test starts see the real environment.
"""

import os

_TEST_DEFAULTS = {
    "SECRET_KEY": "tests-only-not-a-secret",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SITE_ORIGIN": "http://testserver",
    "TRUSTED_CLIENT_IP_HEADER": "",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/odop_market",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "CELERY_BROKER_URL": "",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "LANGUAGE_COOKIE_SECURE": "false",
}
_added = [name for name in _TEST_DEFAULTS if name not in os.environ]
os.environ.update({name: _TEST_DEFAULTS[name] for name in _added})
try:
    from odop_market.settings import *  # noqa: F403
    from odop_market.settings import STORAGES
finally:
    for name in _added:
        del os.environ[name]

# Test requests are plain HTTP from the test client, not through a TLS proxy.
SECURE_PROXY_SSL_HEADER = None
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False

# No collectstatic before the suite: serve static files by their plain names.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# SMS and WhatsApp are kept in kernel.messaging.outbox, as email is in mail.outbox (a test
# whose worker process sends them sets SMS_BACKEND/WHATSAPP_BACKEND in its environment).
_LOCMEM = "kernel.messaging.backends.locmem.LocmemBackend"
SMS_BACKEND = os.environ.get("SMS_BACKEND", _LOCMEM)
WHATSAPP_BACKEND = os.environ.get("WHATSAPP_BACKEND", _LOCMEM)
