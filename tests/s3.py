"""A local S3-compatible server (moto's standalone server) for tests of media on S3.

``s3_server`` starts ``moto_server`` once per session on a free loopback port; it speaks
S3's HTTP API, enforces bucket policies and ACLs for anonymous readers, and is reached
through the real boto3 / django-storages clients. ``s3_media`` gives one test a fresh
bucket (set up by ``manage.py setup_media_bucket``) with the site's media on it, and
``s3_env`` the AWS_* variables that point another process (a Celery worker, gunicorn) at
the same bucket.
"""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from django.conf import settings
from django.core.management import call_command

ACCESS_KEY, SECRET_KEY, REGION = "testing", "testing-secret", "us-east-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class S3Server:
    endpoint_url: str
    process: subprocess.Popen

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[S3Server]:
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    moto = Path(sys.executable).with_name("moto_server")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(moto), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = S3Server(endpoint_url=f"http://127.0.0.1:{port}", process=process)
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{server.endpoint_url}/moto-api/", timeout=1).close()
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"moto_server did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
    try:
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)


def s3_env(server: S3Server, bucket: str) -> dict[str, str]:
    """The environment that puts a process's media on ``bucket`` (settings.py reads it)."""
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": server.endpoint_url,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_S3_ADDRESSING_STYLE": "path",
    }


def s3_storages(server: S3Server, bucket: str, base: dict) -> dict:
    """settings.STORAGES as settings.py builds it from ``s3_env``."""
    common = {
        "bucket_name": bucket,
        "endpoint_url": server.endpoint_url,
        "region_name": REGION,
        "addressing_style": "path",
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    return {
        **base,
        "default": {
            "BACKEND": "kernel.storage.MediaS3Storage",
            "OPTIONS": {
                **common,
                "querystring_auth": False,
                "private_acl": "private",
                "public_prefixes": settings.MEDIA_PUBLIC_PREFIXES,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "default_acl": "private",
            },
        },
    }


@dataclass
class S3Media:
    server: S3Server
    bucket: str

    def object_names(self) -> set[str]:
        pages = self.server.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def env(self) -> dict[str, str]:
        return s3_env(self.server, self.bucket)


@pytest.fixture
def s3_media(settings, s3_server) -> S3Media:
    """This test's media on a fresh bucket of the local S3 server."""
    bucket = f"odop-{uuid.uuid4().hex[:12]}"
    settings.STORAGES = s3_storages(s3_server, bucket, settings.STORAGES)
    call_command("setup_media_bucket", stdout=io.StringIO())
    return S3Media(server=s3_server, bucket=bucket)
