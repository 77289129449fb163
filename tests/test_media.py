"""Photos are served from the media folder when no S3 bucket is configured (issue 14).

README's deploy section works without S3: with DEBUG off, /media/ used to answer 404 and
every product photo was broken. Only finished images are served: raw uploads waiting for
the worker (which may still carry the GPS of an artisan's home) and any other kind of
file are not.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _put(name: str, content: bytes = JPEG) -> None:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def test_production_without_a_bucket_serves_product_photos(tmp_path):
    """A process with production settings (DEBUG off, no AWS_* variable)."""
    (tmp_path / "products/images/7").mkdir(parents=True)
    (tmp_path / "products/images/7/640.jpg").write_bytes(JPEG)
    code = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "odop_market.settings"
django.setup()
from django.test import Client
response = Client(HTTP_HOST="odop.example").get("/media/products/images/7/640.jpg", secure=True)
body = b"".join(response.streaming_content) if response.streaming else b""
print(json.dumps({"status": response.status_code, "type": response.get("Content-Type"),
                  "body": body.hex()}))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "AWS_"))}
    env.update(
        SECRET_KEY="media-test-" + "k" * 50,
        DEBUG="false",
        ALLOWED_HOSTS="odop.example",
        MEDIA_ROOT=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"status": 200, "type": "image/jpeg", "body": JPEG.hex()}


def test_finished_photos_are_served_with_caching_and_no_sniffing(client):
    _put("products/images/3/320.webp", b"RIFF....WEBP")
    _put("sellers/photo.jpg")
    _put("districts/varanasi.png", b"\x89PNG")

    for name, kind in [
        ("products/images/3/320.webp", "image/webp"),
        ("sellers/photo.jpg", "image/jpeg"),
        ("districts/varanasi.png", "image/png"),
    ]:
        response = client.get(f"/media/{name}")
        assert response.status_code == 200, name
        assert response["Content-Type"] == kind
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "max-age=" in response["Cache-Control"]


@pytest.mark.parametrize(
    "name",
    [
        "products/originals/2026/11/IMG_0001.jpg",  # raw upload, may still carry GPS
        "private/products/uploads/5f0c2a9e.jpg",  # raw upload under its random name
        "private/products/originals/5f0c2a9e.jpg",  # cleaned, but never public
        "reviews/uploads/2026/12/IMG_0002.jpg",  # a review photo before the worker cleans it
        "page.html",
        "drawing.svg",
        "notes.txt",
        "products/images/3/",
        "../settings.py",
        "products/images/3/..%2F..%2F..%2Fetc%2Fpasswd",
        "missing.jpg",
    ],
)
def test_raw_uploads_other_files_and_escapes_are_not_served(client, name):
    _put("products/originals/2026/11/IMG_0001.jpg")
    _put("private/products/uploads/5f0c2a9e.jpg")
    _put("private/products/originals/5f0c2a9e.jpg")
    _put("reviews/uploads/2026/12/IMG_0002.jpg")
    _put("page.html", b"<script>alert(1)</script>")
    _put("drawing.svg", b"<svg onload=alert(1)>")
    _put("notes.txt", b"x")
    _put("products/images/3/320.jpg")

    response = client.get(f"/media/{name}")

    assert response.status_code == 404
    assert b"alert" not in response.content


def test_only_get_and_head(client):
    _put("products/images/3/320.jpg")
    assert client.head("/media/products/images/3/320.jpg").status_code == 200
    assert client.post("/media/products/images/3/320.jpg").status_code == 405
