"""When the full-text search finds (almost) nothing: close words, across scripts.

``catalog.search`` corrects a misspelt word against the vocabulary by trigram
similarity of its letters, at a strict threshold, and bridges scripts only through the
hand-written ``SYNONYM_GROUPS``. A Roman spelling of a Hindi word ("ghoda" for घोड़ा), a
Hinglish spelling ("achaar") or a word with a letter doubled or dropped can still find
nothing. When the full-text query finds nothing, or fewer than ``FALLBACK_BELOW``
products for a query with a word the catalogue does not use:

1. each query word is widened, word by word, with the vocabulary words whose *sound key*
   (``catalog.transliteration.sound_key``: a rough Roman spelling, whichever the script)
   is similar by trigrams: "ghoda" → घोड़ा, "zardozzi" → zardozi, घोडा → घोड़ा;
2. products must match every widened word, as in the normal search;
3. if that still finds nothing, products matching any of the widened words are shown,
   ranked by how well they match.

Only then, if nothing at all was found, the page offers "Did you mean".

The sound keys live in ``catalog_search_word.sound``, with a GIN trigram index. The
product trigger adds words to the vocabulary in SQL with no key (NULL); keys are computed
in Python, so the words without one get it here, just before they are needed (a partial
index finds them). PostgreSQL only: on SQLite nothing changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value

from catalog import search
from catalog.transliteration import sound_key

#: Fewer products than this and the search also tries close words.
FALLBACK_BELOW = 3
#: Trigram similarity of sound keys for a vocabulary word to count as close.
SOUND_SIMILARITY = 0.35
MAX_CLOSE_WORDS = 4

_MISSING_SQL = "SELECT word FROM catalog_search_word WHERE sound IS NULL"
_SET_SQL = """
UPDATE catalog_search_word AS w SET sound = v.sound
FROM unnest(%s::text[], %s::text[]) AS v(word, sound)
WHERE w.word = v.word
"""
_CLOSE_SQL = """
SELECT q.word, v.word
FROM unnest(%s::text[], %s::text[]) AS q(word, sound)
CROSS JOIN LATERAL (
    SELECT s.word FROM catalog_search_word AS s
    WHERE s.sound <> '' AND s.sound %% q.sound AND similarity(s.sound, q.sound) >= %s
        -- "banarasi" is not बना ("bana"): close words are of about the same length.
        AND abs(length(s.sound) - length(q.sound)) <= greatest(2, length(q.sound) / 3)
    ORDER BY similarity(s.sound, q.sound) DESC, s.word
    LIMIT %s
) AS v
"""


@dataclass
class Widened:
    """What the fallback searched for: each query word's close words, and how it matched."""

    query: search.ParsedQuery
    close_words: dict[str, list[str]] = field(default_factory=dict)
    any_word: bool = False


def add_missing_sounds() -> int:
    """Give every vocabulary word its sound key; returns how many were added."""
    with connection.cursor() as cursor:
        cursor.execute(_MISSING_SQL)
        words = [row[0] for row in cursor.fetchall()]
        # Words with no sound ("1000") get an empty key, so that they are not missing again.
        if words:
            cursor.execute(_SET_SQL, [words, [sound_key(word) for word in words]])
    return len(words)


def close_words(words: list[str]) -> dict[str, list[str]]:
    """Per query word, vocabulary words (either script) that sound like it, closest first."""
    keyed = [(w, sound_key(w)) for w in words if len(w) >= search.MIN_FUZZY_LENGTH]
    keyed = [(w, key) for w, key in keyed if len(key) >= search.MIN_FUZZY_LENGTH]
    if not keyed:
        return {}
    add_missing_sounds()
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            _CLOSE_SQL,
            [[w for w, _ in keyed], [k for _, k in keyed], SOUND_SIMILARITY, MAX_CLOSE_WORDS],
        )
        for word, close in cursor.fetchall():
            if close != word:
                found.setdefault(word, []).append(close)
    return found


def widen(parsed: search.ParsedQuery) -> Widened | None:
    """``parsed`` with each word's sound-alike vocabulary words among its corrections."""
    if parsed.is_empty or not search.uses_postgres():
        return None
    found = close_words(parsed.words)
    if not found:
        return None
    corrections = dict(parsed.vocabulary.corrections)
    for word, close in found.items():
        corrections[word] = list(dict.fromkeys(corrections.get(word, []) + close))
    vocabulary = dataclasses.replace(parsed.vocabulary, corrections=corrections)
    return Widened(query=dataclasses.replace(parsed, vocabulary=vocabulary), close_words=found)


def match_any_word(products: QuerySet, parsed: search.ParsedQuery) -> QuerySet:
    """Products matching at least one word (with its alternatives), best matches first."""
    condition = Q()
    any_word = None
    for word in parsed.words:
        word_query = search._word_tsquery(word, parsed)
        condition |= Q(search_vector=word_query)
        any_word = word_query if any_word is None else any_word | word_query
    if any_word is None:
        return products.none().annotate(rank=Value(0.0, output_field=FloatField()))
    return products.filter(condition).annotate(rank=SearchRank(F("search_vector"), any_word))


def count(groups: list) -> int:
    return sum(group.count for group in groups)


def _needs_fallback(parsed: search.ParsedQuery, found: int) -> bool:
    """Nothing found, or very little for a query with a word the catalogue does not use.

    A few results for words the catalogue uses ("attar") are a rare product, not a
    spelling to widen.
    """
    if found >= FALLBACK_BELOW or parsed.is_empty or not search.uses_postgres():
        return False
    if not found:
        return True
    words = [w for w in parsed.words if len(w) >= search.MIN_FUZZY_LENGTH]
    return any(w not in parsed.vocabulary.known for w in words)


def widen_if_few(
    parsed: search.ParsedQuery,
    live: QuerySet,
    matching: QuerySet,
    groups: list,
    load_groups: Callable[[QuerySet], list],
) -> tuple[QuerySet, list, Widened | None]:
    """``matching`` and its facet groups, or the fallback's when the search found too few.

    ``load_groups`` counts a queryset's products per facet (one query). The fallback's
    results are used only when they are more than the full-text search found.
    """
    found = count(groups)
    if not _needs_fallback(parsed, found):
        return matching, groups, None
    widened = widen(parsed) or Widened(query=parsed)
    wider, wider_groups = matching, groups
    if widened.close_words:
        wider = search.match_products(live, widened.query)
        wider_groups = load_groups(wider)
    if not count(wider_groups) and len(parsed.words) > 1:
        widened.any_word = True
        wider = match_any_word(live, widened.query)
        wider_groups = load_groups(wider)
    if count(wider_groups) > found:
        return wider, wider_groups, widened
    return matching, groups, None
