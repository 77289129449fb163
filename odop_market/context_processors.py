"""Template context shared by every page."""

from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_from_path, get_language_info

from kernel.site_origin import absolute_url


@cache
def _language_names() -> tuple[tuple[str, str], ...]:
    return tuple((code, get_language_info(code)["name_local"]) for code, _ in settings.LANGUAGES)


def _path_in(path: str, language: str) -> str:
    """``path`` in another language: our URLs differ only by the /hi/ prefix.

    (i18n_patterns with prefix_default_language=False; paths themselves are not
    translated.) Cheaper than translate_url, which resolves and reverses every request.
    """
    current = get_language_from_path(path)
    if current:
        path = path[len(current) + 1 :]
    if language == settings.LANGUAGE_CODE:
        return path
    return f"/{language}{path}"


def site(request: HttpRequest) -> dict:
    """The site name, and this page in each language for the switch and hreflang links."""
    path = request.get_full_path()
    alternates = []
    for code, name_local in _language_names():
        url = _path_in(path, code)
        alternates.append(
            {
                "code": code,
                "name_local": name_local,
                "url": url,
                "absolute_url": absolute_url(url),
            }
        )
    return {
        "SITE_NAME": settings.SITE_NAME,
        "LANGUAGE_ALTERNATES": alternates,
        "CANONICAL_URL": absolute_url(request.path),
    }
