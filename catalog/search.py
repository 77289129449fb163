"""Turning what a shopper typed into a product query, in English, Hindi and as people spell.

How a query is matched (PostgreSQL):

1. The text is normalised (NFKC, first 200 characters, Latin accents dropped so that
   "diyā" is "diya", Devanagari left as it is) and split into at most 8 words.
2. Each word becomes a group of alternatives: itself as a prefix, its English stem, and
   its synonyms and transliterations from ``SYNONYM_GROUPS`` (sari ↔ saree ↔ साड़ी).
3. A product matches when *every* word matches, either through the stored, GIN-indexed
   ``search_vector`` (any alternative) or, for misspellings such as "banarsi", through
   trigram word similarity against the GIN-trigram-indexed ``search_text``.
4. Relevance is ``ts_rank`` (titles weigh most) plus the trigram word similarity.

On SQLite there is no search vector: every word must appear (icontains) in the title in
either language or the district or craft name.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Func, Q, QuerySet, Value
from django.db.models.functions import Greatest

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
#: Words shorter than this are matched exactly, not as prefixes or by trigrams.
MIN_FUZZY_LENGTH = 3

#: Words a shopper may use for the same thing, across spellings and both scripts.
SYNONYM_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(group)
    for group in (
        {"sari", "saree", "saris", "sarees", "साड़ी", "साडी", "साड़ियाँ"},
        {"itra", "itr", "attar", "ittar", "ittr", "इत्र"},
        {"diya", "diyas", "deepak", "diye", "दीया", "दिया", "दीपक", "दीये"},
        {"kurta", "kurti", "kurtas", "kurtis", "कुर्ता", "कुर्ती"},
        {"chikan", "chikankari", "chikenkari", "चिकन", "चिकनकारी"},
        {"brass", "pital", "peetal", "pithal", "पीतल"},
        {"banarasi", "benarasi", "banarsi", "benarsi", "बनारसी"},
        {"varanasi", "banaras", "benares", "kashi", "वाराणसी", "बनारस", "काशी"},
        {"silk", "resham", "reshmi", "रेशम", "रेशमी"},
        {"glass", "kanch", "kaanch", "काँच", "कांच"},
        {"bangle", "bangles", "choodi", "chudi", "chudiyan", "चूड़ी", "चूड़ियाँ"},
        {"carpet", "carpets", "rug", "kaleen", "qaleen", "कालीन"},
        {"durrie", "dari", "durry", "दरी"},
        {"wood", "wooden", "lakdi", "लकड़ी"},
        {"toy", "toys", "khilona", "khilone", "खिलौना", "खिलौने"},
        {"rose", "gulab", "गुलाब"},
        {"cotton", "suti", "sooti", "सूती"},
        {"zari", "zardozi", "zardosi", "ज़री", "जरी", "ज़रदोज़ी", "जरदोजी"},
        {"leather", "chamda", "चमड़ा"},
        {"terracotta", "pottery", "mitti", "मिट्टी"},
        {"perfume", "perfumes", "scent", "fragrance", "सुगंध"},
        {"shawl", "shawls", "shaal", "शॉल"},
        {"lucknow", "lakhnau", "लखनऊ"},
        {"moradabad", "muradabad", "मुरादाबाद"},
        {"kannauj", "kannoj", "qannauj", "कन्नौज"},
        {"firozabad", "ferozabad", "फ़िरोज़ाबाद", "फिरोजाबाद"},
    )
)
_SYNONYMS: dict[str, frozenset[str]] = {w: g for g in SYNONYM_GROUPS for w in g}


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN"


def _strip_latin_accents(word: str) -> str:
    if not any("a" <= ch <= "z" for ch in word):
        return word  # Devanagari vowel signs are combining marks too: leave them alone.
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_query(raw: str | None) -> str:
    """What the shopper typed, tidied for display and matching: never longer than 200."""
    text = unicodedata.normalize("NFKC", raw or "")[: MAX_QUERY_CHARS * 2]
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def query_words(query: str) -> list[str]:
    """The distinct searchable words of a normalised query, lower-cased, at most 8."""
    words: list[str] = []
    current: list[str] = []
    for ch in query.lower() + " ":
        if _is_word_char(ch):
            current.append(ch)
        elif current:
            word = _strip_latin_accents("".join(current))
            if word and word not in words:
                words.append(word)
            current = []
    return words[:MAX_WORDS]


def alternatives(word: str) -> list[str]:
    """The word and its synonyms/transliterations, the word itself first."""
    return [word] + sorted(_SYNONYMS.get(word, frozenset()) - {word})


@dataclass
class ParsedQuery:
    text: str
    words: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.words

    @property
    def expanded_text(self) -> str:
        """All words and their alternatives, for matching district and craft names."""
        return " ".join(alt for w in self.words for alt in alternatives(w))


def parse(raw: str | None) -> ParsedQuery:
    text = normalise_query(raw)
    return ParsedQuery(text=text, words=query_words(text))


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _word_tsquery(word: str) -> SearchQuery:
    combined: SearchQuery | None = None
    for alt in alternatives(word):
        # Words contain only letters, marks and digits, so quoting them is safe.
        term = f"'{alt}':*" if len(alt) >= MIN_FUZZY_LENGTH else f"'{alt}'"
        part = SearchQuery(term, search_type="raw", config="simple") | SearchQuery(
            alt, search_type="plain", config="english"
        )
        combined = part if combined is None else combined | part
    assert combined is not None
    return combined


def _any_word_tsquery(parsed: ParsedQuery) -> SearchQuery:
    combined: SearchQuery | None = None
    for word in parsed.words:
        part = _word_tsquery(word)
        combined = part if combined is None else combined | part
    assert combined is not None
    return combined


def _postgres_match(products: QuerySet, parsed: ParsedQuery) -> QuerySet:
    condition = Q()
    for word in parsed.words:
        word_matches = Q(search_vector=_word_tsquery(word))
        if len(word) >= MIN_FUZZY_LENGTH:
            word_matches |= Q(search_text__trigram_word_similar=word)
        condition &= word_matches
    similarity = Func(
        Value(" ".join(parsed.words)),
        F("search_text"),
        function="word_similarity",
        output_field=FloatField(),
    )
    rank = SearchRank(F("search_vector"), _any_word_tsquery(parsed)) + similarity
    return products.filter(condition).annotate(rank=rank)


def _fallback_match(products: QuerySet, parsed: ParsedQuery) -> QuerySet:
    condition = Q()
    for word in parsed.words:
        word_matches = Q()
        for alt in alternatives(word):
            word_matches |= (
                Q(title__icontains=alt)
                | Q(title_hi__icontains=alt)
                | Q(district__name__icontains=alt)
                | Q(district__name_hi__icontains=alt)
                | Q(craft__name__icontains=alt)
                | Q(craft__name_hi__icontains=alt)
            )
        condition &= word_matches
    return products.filter(condition).annotate(rank=Value(0.0, output_field=FloatField()))


def match_products(products: QuerySet, parsed: ParsedQuery) -> QuerySet:
    """``products`` narrowed to those matching the query, annotated with ``rank``."""
    if parsed.is_empty:
        return products.annotate(rank=Value(0.0, output_field=FloatField()))
    if uses_postgres():
        return _postgres_match(products, parsed)
    return _fallback_match(products, parsed)


def name_similarity(parsed: ParsedQuery, *fields: str) -> Greatest:
    """How well any of the name ``fields`` occurs in the (expanded) query, 0 to 1."""
    expanded, typed = Value(parsed.expanded_text), Value(" ".join(parsed.words))
    sims = []
    for name in fields:
        lowered = Func(F(name), function="lower")
        # Either the name occurs in the query ("kannauj attar", or "banaras" for Varanasi)
        # or the query in the name ("moradabad brass" in "Moradabad Brass Works").
        sims.append(Func(lowered, expanded, function="word_similarity", output_field=FloatField()))
        sims.append(Func(typed, lowered, function="word_similarity", output_field=FloatField()))
    return Greatest(*sims)


def match_names(
    queryset: QuerySet, parsed: ParsedQuery, *fields: str, threshold: float
) -> QuerySet:
    """Rows whose name (in either script) appears in the query, best first."""
    if uses_postgres():
        return (
            queryset.annotate(similarity=name_similarity(parsed, *fields))
            .filter(similarity__gte=threshold)
            .order_by("-similarity", fields[0])
        )
    condition = Q()
    for word in parsed.words:
        for alt in alternatives(word):
            for name in fields:
                condition |= Q(**{f"{name}__icontains": alt})
    return queryset.filter(condition)
