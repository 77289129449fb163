"""Absolute URLs from the configured origin (``settings.SITE_ORIGIN``), never the request.

Canonical links, hreflang alternates, OpenGraph, JSON-LD, sitemaps and robots.txt carry
absolute URLs, and some of them sit in page bodies cached for every visitor. Built from
the request's Host and scheme, one forged header would change them for everyone after;
built from one configured origin, they are the same for every request, so cache keys
need neither.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings


def absolute_url(url: str) -> str:
    """``url`` (a path, or already absolute, e.g. a media file on a CDN) made absolute."""
    return urljoin(settings.SITE_ORIGIN + "/", url)


def origin_scheme() -> str:
    return urlsplit(settings.SITE_ORIGIN).scheme


def origin_host() -> str:
    return urlsplit(settings.SITE_ORIGIN).netloc
