"""Settings load in the quick-start mode and in the PostgreSQL + Redis mode."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], "
    "'cache': s.CACHES['default']['BACKEND'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'email': s.EMAIL_BACKEND, 'media': s.STORAGES['default']['BACKEND'], "
    "'verification': s.ACCOUNT_EMAIL_VERIFICATION}))"
)


def _load_settings(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    for key in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL", "DEBUG"):
        clean.pop(key, None)
    clean.update(env, DJANGO_SETTINGS_MODULE="odop_market.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_quick_start_needs_no_service():
    loaded = _load_settings(DEBUG="true")
    assert loaded == {
        "db": "django.db.backends.sqlite3",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "eager": True,
        "email": "django.core.mail.backends.console.EmailBackend",
        "media": "django.core.files.storage.FileSystemStorage",
        "verification": "optional",
    }


def test_production_mode_uses_postgres_redis_and_a_real_queue():
    loaded = _load_settings(
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="odop.example",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/odop_market",
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp://mail.example:587",
        AWS_STORAGE_BUCKET_NAME="odop-media",
    )
    assert loaded["db"] == "django.db.backends.postgresql"
    assert loaded["cache"] == "django_redis.cache.RedisCache"
    assert loaded["eager"] is False
    assert loaded["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert loaded["media"] == "kernel.storage.MediaS3Storage"
    assert loaded["verification"] == "mandatory"


def test_production_refuses_to_start_without_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    clean.pop("SECRET_KEY", None)
    clean.update(DEBUG="false", DJANGO_SETTINGS_MODULE="odop_market.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_an_origin_for_absolute_urls():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    for key in ("SITE_ORIGIN", "ALLOWED_HOSTS"):
        clean.pop(key, None)
    clean.update(DEBUG="false", SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="odop_market.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Set SITE_ORIGIN" in result.stderr

    clean["ALLOWED_HOSTS"] = "odop.example,www.odop.example"
    probe = (
        "import django; django.setup(); from django.conf import settings as s; print(s.SITE_ORIGIN)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.stdout.strip() == "https://odop.example", result.stderr


def test_postgresql_plans_for_ssd_storage_unless_told_otherwise(db):
    """The connection tells the planner random reads are cheap (see the setting), so large
    searches use the GIN index instead of scanning the product table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
