"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info


def site(request: HttpRequest) -> dict:
    """The site name, and this page in each language for the switch and hreflang links."""
    path = request.get_full_path()
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        alternates.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
            }
        )
    return {
        "SITE_NAME": settings.SITE_NAME,
        "LANGUAGE_ALTERNATES": alternates,
        "CANONICAL_URL": request.build_absolute_uri(request.path),
    }
