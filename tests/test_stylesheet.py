"""site.css stays organised: one block per selector in each media context."""

import re
from collections import Counter
from pathlib import Path

from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


def _rules(text: str, context: str = "") -> list[tuple[str, str]]:
    """(media context, selector list) of every style rule, nested @media included."""
    rules, i = [], 0
    while (brace := text.find("{", i)) != -1:
        prelude, depth, end = text[i:brace].strip(), 1, brace + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        body = text[brace + 1 : end - 1]
        if prelude.startswith("@media") or prelude.startswith("@supports"):
            rules += _rules(body, " ".join(prelude.split()))
        elif not prelude.startswith("@"):
            rules.append((context, prelude))
        i = end
    return rules


def test_no_selector_is_defined_twice_in_one_media_context():
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    selectors = Counter(
        (context, " ".join(selector.split()))
        for context, prelude in _rules(text)
        for selector in prelude.split(",")
    )
    assert [key for key, count in selectors.items() if count > 1] == []
