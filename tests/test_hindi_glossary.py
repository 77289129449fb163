"""The Hindi glossary (locale/hi/GLOSSARY.md) holds: one word per term, one spelling per word.

The "not" columns of its tables are read here, so the glossary is the only list to edit.
"""

import ast
import re
import unicodedata
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale" / "hi"
GLOSSARY = LOCALE / "GLOSSARY.md"
CATALOGUE = LOCALE / "LC_MESSAGES" / "django.po"

#: A Devanagari letter or sign: a variant must start a word, so "अस्वीकृत" is not "स्वीकृत".
LETTER = "[\u0900-\u0963\u0966-\u097f]"
NUKTA = "\u093c"


def _nfc(text: str) -> str:
    """क़ may be one code point or क + nukta; NFC makes both the latter."""
    return unicodedata.normalize("NFC", text)


def glossary_variants(heading: str) -> dict[str, str]:
    """{variant: the row's first cell} from the "not" column of the table under ``heading``."""
    section = GLOSSARY.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    variants = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2 or set(cells[0]) <= {"-"} or cells[0] in ("English", "write"):
            continue
        for variant in filter(None, (v.strip() for v in cells[-1].split(","))):
            variants[_nfc(variant)] = cells[0]
    return variants


def _pattern(variant: str) -> re.Pattern:
    return re.compile(rf"(?<!{LETTER}){re.escape(variant)}(?!{NUKTA})")


def catalogue_translations() -> list[tuple[str, str]]:
    """(msgid, msgstr) for every translation in the .po, plural forms included."""
    entries, current, key = [], {}, None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current.get("msgid"):
                entries += [(current["msgid"], v) for k, v in current.items() if k[:6] == "msgstr"]
            current, key = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    return [(msgid, _nfc(msgstr)) for msgid, msgstr in entries]


def find_variants(texts, variants: dict[str, str]) -> list[str]:
    found = []
    for variant, term in variants.items():
        pattern = _pattern(variant)
        found += [
            f"{variant!r} ({term}) in {where}" for where, text in texts if pattern.search(text)
        ]
    return found


def test_the_glossary_decides_the_recurring_terms():
    terms = glossary_variants("Terms")
    spelling = glossary_variants("Spelling")
    for variant in ("खरीद", "सामान", "दाम", "तस्वीर", "पन्ना", "स्वीकृत", "कर्मचारी", "ब्योरा"):
        assert _nfc(variant) in terms, variant
    for variant in ("चिह्नित", "केवल", "एक ज़िला एक उत्पाद", "ODOP Market"):
        assert _nfc(variant) in terms, variant
    for variant in ("गलत", "बाकी", "खाली", "खत्म", "तरीका", "तारीख", "रकम", "नक्काशी", "एवं"):
        assert _nfc(variant) in spelling, variant


def test_no_glossary_variant_is_in_the_hindi_catalogue():
    texts = [(f"msgid {msgid!r}", msgstr) for msgid, msgstr in catalogue_translations()]
    variants = glossary_variants("Terms") | glossary_variants("Spelling")
    assert find_variants(texts, variants) == []


def test_gi_gst_and_pan_are_written_in_hindi_in_sentences():
    """The Latin acronym only right after "(" on a form label: "पैन (PAN, ज़रूरी नहीं)"."""
    latin = re.compile(r"(?<![(\w])(GI|GST|GSTIN|PAN)\b")
    assert [msgstr for _msgid, msgstr in catalogue_translations() if latin.search(msgstr)] == []


def test_district_data_and_demo_content_use_one_spelling():
    """The district data (districts/data/) and the demo app's modules: one spelling."""
    base = Path(settings.BASE_DIR)
    files = sorted(
        {
            *base.glob("*/data/districts.json"),
            *base.glob("demo/*.py"),
        }
    )
    assert any(path.name == "districts.json" for path in files)
    assert any(path.parent.name == "demo" for path in files)
    texts = [(str(path.relative_to(base)), _nfc(path.read_text("utf-8"))) for path in files]
    assert find_variants(texts, glossary_variants("Spelling")) == []


def test_the_demo_carpet_agrees_with_kaleen():
    """कालीन is masculine: हाथ से गाँठा कालीन."""
    texts = [path.read_text(encoding="utf-8") for path in Path(settings.BASE_DIR).glob("demo/*.py")]
    assert not any("गाँठी ऊनी कालीन" in text for text in texts)
    assert any("गाँठा ऊनी कालीन" in text for text in texts)
