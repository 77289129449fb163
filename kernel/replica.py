"""Reads of the public catalogue from a read replica, everything else from the primary.

With ``DATABASE_REPLICA_URL`` set, settings.py adds the ``replica`` database and
``ReplicaRouter``. The router sends a read to the replica only when all of these hold:

- it runs inside a GET or HEAD request that ``ReplicaMiddleware`` let use the replica
  (never in Celery tasks, management commands or the shell: a worker reading a row it was
  just told about must see it), for a page outside ``settings.REPLICA_PRIMARY_PATHS``
  (cart, checkout, orders, the console, accounts, admin, payments: always the primary);
- its model belongs to an app in ``settings.DATABASE_REPLICA_APPS`` (the catalogue and
  search: products, districts, artisans' public pages);
- the primary is not inside a transaction (checkout, stock held with ``select_for_update``
  and any read inside ``atomic()`` see the primary's rows);
- the visitor has not written anything in the last ``REPLICA_PIN_SECONDS``: any POST,
  PUT, PATCH or DELETE sets a short cookie that pins that browser to the primary, so an
  artisan who just saved a listing sees it at once, whatever the replica's lag.

Writes always go to the primary, and migrations run only there.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "odop_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Catalogue reads of unpinned visitors to ``replica``; all else to ``default``."""

    def db_for_read(self, model, **hints) -> str | None:
        if not _replica_allowed.get() or not replica_configured():
            return DEFAULT_DB_ALIAS
        if model._meta.app_label not in settings.DATABASE_REPLICA_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Both aliases hold the same rows: a product read from the replica may be put in
        # the cart (written to the primary).
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


def _primary_only(path: str) -> bool:
    """Pages that read what the visitor owns or is about to buy (any language prefix)."""
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            path = path[len(code) + 1 :]
            break
    return path.startswith(tuple(settings.REPLICA_PRIMARY_PATHS))


class ReplicaMiddleware:
    """Decide per request whether catalogue reads may use the replica; pin writers.

    A request that is not GET/HEAD/OPTIONS, or that carries the pin cookie, reads from
    the primary only; a request that is not GET/HEAD/OPTIONS also (re)sets the cookie for
    ``REPLICA_PIN_SECONDS``. Without a replica it does nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        writes = request.method not in SAFE_METHODS
        token = _replica_allowed.set(
            not writes and PIN_COOKIE not in request.COOKIES and not _primary_only(request.path)
        )
        try:
            response = self.get_response(request)
        finally:
            _replica_allowed.reset(token)
        if writes:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
