"""Gzip for HTML that carries no secret an attacker could guess byte by byte (BREACH).

BREACH reads a secret out of a compressed page by reflecting guesses into it and watching
the size. So only these responses are compressed:

- HTML answers to GET or HEAD from visitors who are not signed in: the catalogue, search
  and cart pages. Their one secret is the CSRF token, which Django masks with a new
  random value in every response, so there is nothing stable to guess;
- never a page for a signed-in person (their name, addresses, orders, an artisan's
  masked KYC numbers), nor one marked private or no-store (``never_cache``: sign-in,
  sign-up, password and two-factor pages, the admin).

Django's GZipMiddleware also pads each response with up to 100 random bytes ("Heal the
Breach"), which blurs the sizes further. Static files are compressed by whitenoise.
"""

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware

from odop_market.http_cache import PRIVATE


def _carries_no_secret(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "")
    return (
        request.method in ("GET", "HEAD")
        and response.get("Content-Type", "").startswith("text/html")
        and user is not None
        and not user.is_authenticated
        # An anonymous visitor's own catalogue page (a cart in the session) is private
        # for caches, not secret: odop_market.http_cache.
        and (cache_control == PRIVATE or "private" not in cache_control)
        and "no-store" not in cache_control
    )


class PublicHTMLGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for the responses ``_carries_no_secret`` allows."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not _carries_no_secret(request, response):
            return response
        return super().process_response(request, response)
