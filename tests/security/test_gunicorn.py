"""gunicorn, run as README says, takes no forwarded header our proxy does not set."""

import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_url():
    """gunicorn with the project's gunicorn.conf.py, serving an environ-echoing app."""
    port = _free_port()
    process = subprocess.Popen(
        [str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        + ["tests.security.environ_app:app"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _environ(url: str, path: str, headers: dict) -> dict:
    request = urllib.request.Request(url + path, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_a_script_name_header_does_not_move_the_url_django_routes(gunicorn_url):
    """From loopback (where the proxy is), gunicorn's default would take SCRIPT_NAME."""
    seen = _environ(gunicorn_url, "/x/admin/login/", {"SCRIPT_NAME": "/x", "PATH_INFO": "/y/"})
    assert seen["SCRIPT_NAME"] == ""
    assert seen["PATH_INFO"] == "/x/admin/login/"


def test_only_x_forwarded_proto_sets_the_scheme(gunicorn_url):
    assert _environ(gunicorn_url, "/", {"X-Forwarded-Ssl": "on"})["wsgi.url_scheme"] == "http"
    seen = _environ(gunicorn_url, "/", {"X-Forwarded-Proto": "https"})
    assert seen["wsgi.url_scheme"] == "https"


def test_the_proxy_passes_the_client_address_in_x_real_ip(gunicorn_url):
    seen = _environ(gunicorn_url, "/", {"X-Real-IP": "203.0.113.9"})
    assert seen["REMOTE_ADDR"] == "127.0.0.1"
    assert seen["HTTP_X_REAL_IP"] == "203.0.113.9"
