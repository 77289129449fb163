"""A real streaming read replica of the suite's PostgreSQL (scripts/start_replica.sh).

``pg_replica`` starts it once per session on a free port, or skips with the script's own
reason where it cannot run (no server binaries, not root or postgres, wal_level=minimal…).
``replica_db`` makes it this test's ``replica`` database, with the site's router, as
``DATABASE_REPLICA_URL`` does in production.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from django.db import connections

from tests.s3 import free_port

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "start_replica.sh"


@dataclass
class Replica:
    port: int
    primary: dict

    def connect(self, dbname: str | None = None):
        conn = psycopg2.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.primary.get("USER") or "postgres",
            dbname=dbname or self.primary["NAME"],
        )
        conn.autocommit = True
        return conn

    def sql(self, statement: str, *params) -> list[tuple]:
        with self.connect() as conn, conn.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def pause(self) -> None:
        """Stop applying the primary's changes: the replica lags until ``resume``."""
        self.sql("SELECT pg_wal_replay_pause()")

    def resume(self) -> None:
        self.sql("SELECT pg_wal_replay_resume()")

    def catch_up(self, timeout: float = 20.0) -> None:
        """Wait until the replica has applied everything the primary has committed."""
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            target = cursor.fetchone()[0]
        deadline = time.monotonic() + timeout
        while True:
            (caught,) = self.sql("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", target)[0]
            if caught:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"The replica did not reach {target} in {timeout:g}s")
            time.sleep(0.05)


@pytest.fixture(scope="session")
def pg_replica(django_db_setup, django_db_blocker) -> Iterator[Replica]:
    with django_db_blocker.unblock():
        primary = dict(connections["default"].settings_dict)
    if primary["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a streaming replica needs PostgreSQL")
    # Not under pytest's tmp_path: the postgres user must reach it.
    directory = Path(tempfile.mkdtemp(prefix="odop-replica-")) / "cluster"
    directory.parent.chmod(0o755)
    port = free_port()
    env = {
        "PRIMARY_HOST": primary.get("HOST") or "127.0.0.1",
        "PRIMARY_PORT": str(primary.get("PORT") or 5432),
    }
    started = subprocess.run(
        ["bash", str(SCRIPT), "start", str(directory), str(port)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    if started.returncode == 3:
        pytest.skip(started.stderr.strip())
    assert started.returncode == 0, started.stdout + started.stderr
    # The "replica" database exists for the rest of the session (a test opts in with
    # django_db(databases=["default", "replica"])); it mirrors the test database, so it is
    # never flushed, and it is only routed to inside tests that use ``replica_db``.
    config = {**primary, "HOST": "127.0.0.1", "PORT": str(port)}
    config["TEST"] = {**primary.get("TEST", {}), "MIRROR": "default"}
    connections.settings["replica"] = config
    try:
        yield Replica(port=port, primary=primary)
    finally:
        connections["replica"].close()
        del connections["replica"]
        del connections.settings["replica"]
        subprocess.run(["bash", str(SCRIPT), "stop", str(directory)], capture_output=True)
        shutil.rmtree(directory.parent, ignore_errors=True)


@pytest.fixture
def replica_db(pg_replica, settings) -> Iterator[Replica]:
    """The replica routed to as in production (mark the test
    ``django_db(transaction=True, databases=["default", "replica"])``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Overriding setting DATABASES…"
        settings.DATABASES = {**settings.DATABASES, "replica": connections.settings["replica"]}
    settings.DATABASE_ROUTERS = ["kernel.replica.ReplicaRouter"]
    try:
        yield pg_replica
    finally:
        pg_replica.resume()
