"""HTTP caching of the public catalogue pages: Cache-Control, Vary, ETag and 304s.

A public catalogue page (home, districts, a district, craft, product, artisan, collection,
event, GI tag, search) shown to a visitor with no per-visitor state is the same for every
such visitor, so browsers and a shared cache (nginx ``proxy_cache``, docs/http-caching.md)
may keep it: ``public, max-age=60, s-maxage=300, stale-while-revalidate=600``.

Per-visitor state means: signed in, or a session (an anonymous cart or wishlist lives in
it), or a message to show. Those pages are ``private, no-cache`` (the browser may keep
them but asks first; the ETag answers 304 when nothing changed), and a page with a
message is ``no-store``: a one-off message is never shown twice.

CSRF: the add-to-cart, heart and stock-alert forms on these pages would carry one
visitor's CSRF token (and its cookie) into a shared cache. So a public page leaves the
form's token empty and sets no CSRF cookie; static/js/site.js fetches the visitor's own
token from ``/csrf/`` (never cached) when such a form is submitted. Without JavaScript
the POST fails the CSRF check, and ``csrf_failure`` answers with the same form and a
fresh token, so one more press sends it. The token is never weakened: every POST is
still checked.

The ETag is a hash of the page with the CSRF token values left out (Django masks them
anew on each response, so they would defeat If-None-Match for the visitor's own copy).
It is computed before gzip (this middleware sits inside the gzip one).
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

#: The views whose pages may be cached publicly (namespace:name).
PUBLIC_VIEWS = frozenset(
    {
        "catalog:home",
        "catalog:districts",
        "catalog:district",
        "catalog:craft",
        "catalog:product",
        "catalog:artisan",
        "catalog:collection",
        "catalog:events",
        "catalog:event",
        "catalog:gi_tag",
        "catalog:search",
    }
)
PUBLIC = "public, max-age=60, s-maxage=300, stale-while-revalidate=600"
PRIVATE = "private, no-cache"
PRIVATE_NO_STORE = "private, no-store"

_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _view_name(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else None


def _has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and (storage.used or getattr(storage, "_queued_messages", [])))


def _is_per_visitor(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


def etag_for(content: bytes) -> str:
    """A strong ETag for a page, blind to the CSRF token values in it."""
    return '"' + hashlib.sha256(_TOKEN.sub(rb"\1\2", content)).hexdigest()[:32] + '"'


class HTTPCacheMiddleware:
    """Cache-Control, Vary and ETag for HTML answers to GET/HEAD; 304 on a matching
    If-None-Match. Responses that already say how to be cached are left alone."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.has_header("Cache-Control")
        ):
            return response
        public = _view_name(request) in PUBLIC_VIEWS
        if _has_messages(request):
            response["Cache-Control"] = PRIVATE_NO_STORE
            return response
        if (
            public
            and not _is_per_visitor(request)
            and not response.cookies.get(settings.SESSION_COOKIE_NAME)
        ):
            # Nobody's token in a shared page: site.js fetches the visitor's own on submit.
            response.content = _TOKEN.sub(rb"\1\2", response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.cookies.pop(settings.CSRF_COOKIE_NAME, None)
            response["Cache-Control"] = PUBLIC
        elif public:
            response["Cache-Control"] = PRIVATE
        else:
            return response  # forms, carts, accounts: Django's defaults
        # The language is the URL's (/hi/…); LocaleMiddleware adds Accept-Language to Vary
        # where it is not.
        patch_vary_headers(response, ("Cookie",))
        response["ETag"] = etag_for(response.content)
        if response["ETag"] in parse_etags(request.headers.get("If-None-Match", "")):
            not_modified = HttpResponse(status=304)
            for header in ("Cache-Control", "ETag", "Vary", "Content-Language"):
                if response.has_header(header):
                    not_modified[header] = response[header]
            return not_modified
        return response


@never_cache
@require_GET
def csrf_token(request: HttpRequest) -> JsonResponse:
    """This visitor's CSRF token (and its cookie), for a form on a publicly cached page."""
    return JsonResponse({"token": get_token(request)})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a failed CSRF check, offering to send the same form again with a valid token.

    The usual cause is a form on a publicly cached page submitted without JavaScript (its
    token left empty); the visitor sees what is being sent and presses once more. Nothing
    is done without that press, and files are never re-sent.
    """
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]
    resend = request.method == "POST" and not request.FILES and len(fields) <= 20
    context = {"action": request.path, "fields": fields if resend else None, "reason": reason}
    response = render(request, "403_csrf.html", context, status=403)
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response
