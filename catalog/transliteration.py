"""Roman ↔ Devanagari: one sound key for a word, whichever script and spelling it is in.

Shoppers type Hindi product names in Roman letters as they hear them ("ghoda", "bansuri",
"achaar"), and craft names with a letter doubled or dropped ("chikankaari", "zardozzi").
``sound_key`` maps a word in either script to a rough Roman spelling of how it sounds:

- Devanagari goes through ITRANS with ``indic-transliteration`` (घोड़ा → "gho.DA"), then
  loses ITRANS's case and marks and the inherent vowels Hindi does not say: at the end
  (कालीन → "kalin") and between two syllables (गमला → "gamla", not "gamala");
- then, for both scripts: long vowels written double become single ("aa", "ee", "oo"),
  doubled consonants single, and letters people swap are merged (c/k/q → k except in "ch",
  z → j, w → v, ph → f).

Two words with close keys (by trigram similarity) are probably the same word. The
keys of the catalogue vocabulary are stored in ``catalog_search_word.sound`` (see
``catalog.search_fallback``).
"""

from __future__ import annotations

import functools
import re

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
# ITRANS spellings with more than one letter or a mark, most specific first.
_ITRANS = (
    ("R^i", "ri"), ("R^I", "ri"), ("L^i", "li"), ("j~n", "gy"), ("GY", "gy"), ("x", "ksh"),
    ("~N", "n"), ("~n", "n"), (".N", "n"), (".n", "n"), ("M", "n"), (".m", "n"),
    (".h", ""), (".a", ""), ("^", ""), (".", ""), ("~", ""),
)  # fmt: skip
_CONSONANT_THEN_SCHWA = re.compile(r"(?<=[bcdfghjklmnpqrstvwxyzBCDFGHJKLMNPQRSTVWXYZ])a$")
_MERGES = (
    ("aa", "a"), ("ee", "i"), ("ii", "i"), ("oo", "u"), ("uu", "u"),
    ("ph", "f"), ("w", "v"), ("z", "j"), ("q", "k"), ("x", "ks"),
)  # fmt: skip
_DOUBLED = re.compile(r"([a-z])\1+")
_NOT_LATIN = re.compile(r"[^a-z]")


_ITRANS_VOWELS = frozenset("aAiIuUeo")


def _drop_medial_schwa(itrans: str) -> str:
    """Hindi's schwa deletion, roughly: the inherent "a" between vowel+consonant and
    consonant+vowel is silent (gamalA → gamlA), never two in a row."""
    dropped: set[int] = set()
    for i, ch in enumerate(itrans):
        if ch != "a" or i == 0:
            continue
        before = i - 1
        while before >= 0 and itrans[before] not in _ITRANS_VOWELS:
            before -= 1
        after = i + 1
        while after < len(itrans) and itrans[after] not in _ITRANS_VOWELS:
            after += 1
        between_syllables = before >= 0 and i - before >= 2 and after - i >= 2
        if between_syllables and after < len(itrans) and before not in dropped:
            dropped.add(i)
    return "".join(ch for i, ch in enumerate(itrans) if i not in dropped)


def is_devanagari(word: str) -> bool:
    return bool(_DEVANAGARI.search(word))


@functools.lru_cache(maxsize=1)
def _sanscript():
    # Imported on first use: the library takes a quarter of a second to load its schemes.
    from indic_transliteration import sanscript

    return sanscript


def devanagari_to_roman(word: str) -> str:
    """A plain Roman spelling of a Devanagari word: घोड़ा → "ghoda", कालीन → "kalin"."""
    sanscript = _sanscript()
    itrans = sanscript.transliterate(word, sanscript.DEVANAGARI, sanscript.ITRANS)
    # Hindi does not say a word's final inherent vowel: कालीन is "kalin", not "kalina".
    itrans = _CONSONANT_THEN_SCHWA.sub("", itrans) if len(itrans) > 2 else itrans
    itrans = _drop_medial_schwa(itrans)
    for old, new in _ITRANS:
        itrans = itrans.replace(old, new)
    return itrans.lower()


@functools.lru_cache(maxsize=8192)
def sound_key(word: str) -> str:
    """The word's rough Roman sound, for matching across scripts and spellings ("" if none)."""
    roman = devanagari_to_roman(word) if is_devanagari(word) else word.lower()
    roman = roman.replace("ch", "\x00").replace("c", "k").replace("\x00", "ch")
    for old, new in _MERGES:
        roman = roman.replace(old, new)
    roman = _DOUBLED.sub(r"\1", roman)
    return _NOT_LATIN.sub("", roman)
