"""/healthz/ tells a load balancer which service is down."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_database_cache_and_broker_answer(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/2"
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failed": [],
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
    }


def test_healthz_is_503_naming_the_broker_when_it_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get("/healthz/")

    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["broker"]
    assert body["broker"].startswith("error")
    assert body["database"] == "ok"
