"""Turning what a shopper typed into a product query, in English, Hindi and as people spell.

How a query is matched (PostgreSQL):

1. The text is normalised (NFKC, first 200 characters, Latin accents dropped so that
   "diyā" is "diya", Devanagari left as it is) and split into at most 8 words.
2. Each word becomes a group of alternatives: itself (as a prefix when the catalogue
   does not use the word as such), its English stem, and its synonyms and
   transliterations from ``SYNONYM_GROUPS`` (sari ↔ saree ↔ साड़ी).
3. Misspellings: each word that the catalogue does not use is corrected by trigram
   similarity against ``catalog_search_word``, the vocabulary of product titles and
   district/craft names kept by the product trigger (GIN trigram index): "banarsi" →
   "banarasi", "firozbad" → "firozabad". The corrections join the word's alternatives.
4. A product matches when *every* word matches one of its alternatives in the stored,
   GIN-indexed ``search_vector``. Relevance is ``ts_rank`` over all alternatives, with
   titles (A) weighing above names (B) and descriptions (C).

On SQLite there is no search vector: every word must appear (icontains) in the title in
either language or the district or craft name.
"""

from __future__ import annotations

import functools
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
    frozenset(unicodedata.normalize("NFKC", word) for word in group)
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
    meaningful = [w for w in words if w not in STOPWORDS]
    return (meaningful or words)[:MAX_WORDS]


#: Words that carry no meaning on their own; dropped when the query has others.
STOPWORDS = frozenset(
    {"a", "an", "and", "the", "of", "for", "with", "in", "to", "by", "from", "on"}
    | {"के", "का", "की", "में", "से", "और", "पर", "को", "एक", "व", "वाला", "वाली", "वाले"}
    # The same, as Hindi is typed in Roman letters ("mitti ka ghoda").
    | {"ka", "ki", "ke", "me", "mein", "se", "aur", "ko", "wala", "wali", "wale", "vala", "vali"}
)


def alternatives(word: str) -> list[str]:
    """The word and its synonyms/transliterations, the word itself first."""
    return [word] + sorted(_SYNONYMS.get(word, frozenset()) - {word})


@dataclass
class Vocabulary:
    """What the catalogue vocabulary says about the query words."""

    known: set[str] = field(default_factory=set)
    corrections: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class ParsedQuery:
    text: str
    words: list[str] = field(default_factory=list)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    @property
    def is_empty(self) -> bool:
        return not self.words

    def terms(self, word: str) -> list[str]:
        """The word, its synonyms, its corrections and their synonyms."""
        corrected = self.vocabulary.corrections.get(word, [])
        return list(
            dict.fromkeys(alternatives(word) + [a for c in corrected for a in alternatives(c)])
        )

    @property
    def all_terms(self) -> set[str]:
        return {term for word in self.words for term in self.terms(word)}


def parse(raw: str | None, *, correct: bool = True) -> ParsedQuery:
    """The query tidied and split; on PostgreSQL, misspelt words get their corrections."""
    text = normalise_query(raw)
    parsed = ParsedQuery(text=text, words=query_words(text))
    if correct and parsed.words and uses_postgres():
        parsed.vocabulary = corrections(parsed.words)
    return parsed


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


#: Similarity a vocabulary word needs to count as a correction of a query word.
CORRECTION_THRESHOLD = 0.4
MAX_CORRECTIONS = 3

_CORRECTIONS_SQL = """
SELECT q.word, v.word
FROM unnest(%s::text[]) AS q(word)
CROSS JOIN LATERAL (
    SELECT w.word FROM catalog_search_word AS w
    WHERE w.word %% q.word AND similarity(w.word, q.word) >= %s
    ORDER BY similarity(w.word, q.word) DESC, w.word
    LIMIT %s
) AS v
"""


def corrections(words: list[str]) -> Vocabulary:
    """Which query words the catalogue uses, and close catalogue words for the others.

    One query whatever the number of words; served by the trigram index on the vocabulary.
    """
    fuzzy = [w for w in words if len(w) >= MIN_FUZZY_LENGTH]
    vocabulary = Vocabulary()
    if not fuzzy or not uses_postgres():
        return vocabulary
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_CORRECTIONS_SQL, [fuzzy, CORRECTION_THRESHOLD, MAX_CORRECTIONS + 1])
        for word, close in cursor.fetchall():
            found.setdefault(word, []).append(close)
    for word, close in found.items():
        if word in close:
            vocabulary.known.add(word)  # taken as meant: no corrections
        else:
            vocabulary.corrections[word] = close[:MAX_CORRECTIONS]
    return vocabulary


def _word_tsquery(word: str, parsed: ParsedQuery) -> SearchQuery:
    """The word, its synonyms and corrections; a prefix only when the word is unknown.

    Exact terms keep the planner's estimates (from the column's lexeme statistics) right,
    so it picks the GIN index; prefixes of known words only added noise.
    """
    # Words contain only letters, marks and digits, so quoting them is safe.
    quoted = [f"'{term}'" for term in parsed.terms(word)]
    if word not in parsed.vocabulary.known and len(word) >= MIN_FUZZY_LENGTH:
        quoted[0] += ":*"
    simple = SearchQuery(" | ".join(quoted), search_type="raw", config="simple")
    return simple | SearchQuery(word, search_type="plain", config="english")


def _postgres_match(products: QuerySet, parsed: ParsedQuery) -> QuerySet:
    """Every word must match (itself, a synonym or a correction); ranked over all words."""
    condition = Q()
    any_word: SearchQuery | None = None
    for word in parsed.words:
        word_query = _word_tsquery(word, parsed)
        condition &= Q(search_vector=word_query)
        any_word = word_query if any_word is None else any_word | word_query
    return products.filter(condition).annotate(rank=SearchRank(F("search_vector"), any_word))


def _fallback_match(products: QuerySet, parsed: ParsedQuery) -> QuerySet:
    condition = Q()
    for word in parsed.words:
        word_matches = Q()
        for alt in parsed.terms(word):
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


#: Words of district, craft and artisan names too general to match on their own.
GENERIC_NAME_WORDS = (
    frozenset(
        {"nagar", "sant", "dehat", "craft", "crafts", "work", "works", "products", "goods", "items"}
        | {"other", "house", "studio", "artisan", "artisans", "weavers", "emporium"}
        | {"नगर", "संत", "देहात", "शिल्प", "एवं", "उत्पाद", "काम", "कारीगर", "अन्य"}
    )
    | STOPWORDS
)


@functools.lru_cache(maxsize=4096)
def name_words(*names: str) -> frozenset[str]:
    """The meaningful words of names, split and normalised like a query."""
    words: set[str] = set()
    for name in names:
        words.update(query_words(normalise_query(name)))
    return frozenset(words - GENERIC_NAME_WORDS)


def named_in_query(objects, parsed: ParsedQuery, *fields: str) -> list:
    """Those of ``objects`` (few: districts, crafts) named by the query's terms, best first."""
    terms = parsed.all_terms
    scored = []
    for position, obj in enumerate(objects):
        overlap = len(name_words(*(getattr(obj, f, "") or "" for f in fields)) & terms)
        if overlap:
            scored.append((-overlap, position, obj))
    return [obj for _overlap, _position, obj in sorted(scored, key=lambda t: t[:2])]


def names_containing_terms(queryset: QuerySet, parsed: ParsedQuery, *fields: str) -> QuerySet:
    """Rows (many: artisans) with a name word that starts with a query term.

    One case-insensitive regular expression per column (terms hold only letters, marks and
    digits, so need no escaping), which the trigram index on the names can serve. Terms
    match at the start of a word, so "sari" does not find every "Ansari".
    """
    terms = sorted(t for t in parsed.all_terms - GENERIC_NAME_WORDS if len(t) >= MIN_FUZZY_LENGTH)
    if not terms:
        return queryset.none()
    pattern = r"(^|\s)(" + "|".join(terms) + ")"
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__iregex": pattern})
    return queryset.filter(condition)


def closest_names(queryset: QuerySet, parsed: ParsedQuery, threshold: float) -> QuerySet:
    """For "Did you mean": names (either script) most like the query, by trigram similarity."""
    text = Value(" ".join(parsed.words))
    sims = [
        Func(Func(F(name), function="lower"), text, function=fn, output_field=FloatField())
        for name in ("name", "name_hi")
        for fn in ("word_similarity", "similarity")
    ]
    return (
        queryset.annotate(similarity=Greatest(*sims))
        .filter(similarity__gte=threshold)
        .order_by("-similarity", "name")
    )
