"""The 404 and 500 pages: in the site's layout and the page's language, with a way back.

The language is the URL's (``/hi/…`` is Hindi): LocaleMiddleware has activated it before
any view runs, and a path that resolves to nothing still carries its prefix.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: the full layout (header search, districts link), in the address's language."""
    body = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponse(body, status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered without the request, so that no context processor (session, cart,
    database) can fail again while we report the first failure."""
    try:
        body = loader.render_to_string("500.html", {"SITE_NAME": settings.SITE_NAME})
    except Exception:  # the layout itself is broken: say it plainly rather than nothing
        body = "<!DOCTYPE html><title>500</title><h1>Server error (500)</h1>"
    return HttpResponseServerError(body)
