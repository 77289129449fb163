"""Workshop attendee import and the workshop page, at the size of a big district list.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/odop_bench_workshops \\
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/workshops.py [--rows 1000]

Migrates the database if needed and loads the districts, then, as a helper through
Django's test client (the whole request), times: the upload that previews a list of
``--rows`` attendees (an import-export dry run), the import itself, the same file again
(every row matches: nothing added), and the workshop page with that many attendees
(p50/p95 over ``--runs`` requests, with its SQL query count). Each run uses a new workshop.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_market.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/odop_bench_workshops")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from districts.models import District  # noqa: E402
from sellers import assisted  # noqa: E402
from sellers.models import Attendee  # noqa: E402


def _csv(rows: int, craft: str) -> bytes:
    lines = ["name,mobile,craft,village"]
    lines += [f"Artisan {n},98{n:08d},{craft},Village {n % 40}" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    if not District.objects.exists():
        call_command("load_districts", verbosity=0)
    district = District.objects.get(slug="varanasi")
    helper, _ = User.objects.get_or_create(email="bench-helper@odop.example")
    helper.groups.add(Group.objects.get(name="ODOP helper"))
    assisted.assign_helper(user=helper, district=district)
    workshop = assisted.record_workshop(
        by=helper, district=district, held_on=timezone.localdate(), venue="Bench hall"
    )
    client = Client()
    client.force_login(helper)
    url = f"/sell/workshops/{workshop.pk}/"
    content = _csv(args.rows, district.odop_products.first().craft.name)

    def upload():
        file = SimpleUploadedFile("list.csv", content, content_type="text/csv")
        return client.post(url + "import/", {"file": file})

    preview_ms, response = _timed(upload)
    assert response.status_code == 200
    import_ms, response = _timed(lambda: client.post(url + "import/confirm/"))
    assert Attendee.objects.filter(workshop=workshop).count() == args.rows
    upload()
    again_ms, _response = _timed(lambda: client.post(url + "import/confirm/"))
    assert Attendee.objects.filter(workshop=workshop).count() == args.rows

    times = []
    for _run in range(args.runs):
        ms, response = _timed(lambda: client.get(url))
        assert response.status_code == 200
        times.append(ms)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    print(f"attendee list of {args.rows} rows (CSV):")
    print(f"  preview (dry run) {preview_ms:8.0f} ms")
    print(f"  import            {import_ms:8.0f} ms")
    print(f"  same file again   {again_ms:8.0f} ms (no row added)")
    print(f"workshop page with {args.rows} attendees, {args.runs} requests:")
    print(
        f"  p50 {statistics.median(times):.0f} ms, p95 {times[int(len(times) * 0.95) - 1]:.0f} ms,"
        f" {len(queries.captured_queries)} SQL queries"
    )


if __name__ == "__main__":
    main()
