"""Every URL pattern the project defines, found by walking the resolver."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern


@dataclass(frozen=True)
class Route:
    """One pattern: its full route, ``namespace:name`` (if named) and whether it has /hi/."""

    route: str
    name: str | None
    translated: bool

    @property
    def key(self) -> str:
        """What the expectations table is keyed by: the name, or the route if unnamed."""
        return self.name or self.route


def walk(patterns=None, prefix: str = "", namespace: str = "", translated: bool = False):
    """Yield a Route for every URLPattern, through includes and i18n_patterns."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            is_locale = isinstance(pattern.pattern, LocalePrefixPattern)
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from walk(
                pattern.url_patterns,
                prefix + ("" if is_locale else str(pattern.pattern)),
                inner,
                translated or is_locale,
            )
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield Route(prefix + str(pattern.pattern), name, translated)


def all_routes() -> Iterator[Route]:
    return walk()
