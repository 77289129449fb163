"""Search latency over a large catalogue: p50/p95 of 20 varied queries, and the slowest plan.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/odop_bench_search \\
        .venv/bin/python bench/search.py [--products 50000] [--runs 30]

Seeds the benchmark database once (``manage.py seed_demo --products N``: the demo app's
bulk seeder, varied titles in both languages across the 75 districts), then times the
whole search page's work — ``run_search``: match, facets, page of 24, images, matching
districts/crafts/artisans — for each query.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_market.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/odop_bench_search")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.translation import override  # noqa: E402

from catalog.models import Product  # noqa: E402
from catalog.search_selectors import run_search  # noqa: E402

QUERIES = [
    ("en", "banarasi saree"),
    ("en", "chikankari kurta"),
    ("en", "brass diya"),
    ("en", "kannauj attar"),
    ("en", "glass bangles"),
    ("en", "wooden toys"),
    ("en", "terracotta horse"),
    ("en", "carpet"),
    ("hi", "बनारसी साड़ी"),
    ("hi", "पीतल दीया"),
    ("hi", "चिकनकारी कुर्ता"),
    ("hi", "कन्नौज इत्र"),
    ("hi", "लकड़ी के खिलौने"),
    ("en", "banarsi sari"),
    ("en", "chikan kurti"),
    ("en", "bras diya"),
    ("en", "firozbad"),
    ("en", "moradabad"),
    ("en", "varanasi"),
    ("en", "gorakhpur terracotta"),
]

#: Roman spellings of Hindi product names and misspelt craft names: the full-text search
#: alone finds nothing for most of them, so they time the fallback (reported apart).
FALLBACK_QUERIES = [
    ("en", "ghoda"),
    ("en", "mitti ka ghoda"),
    ("en", "bansuri"),
    ("en", "tokri"),
    ("en", "gudiya"),
    ("en", "achaar"),
    ("en", "ghanti"),
    ("en", "chatai"),
    ("en", "teracotta ghoda"),
    ("en", "chikankaari kurta"),
]


def seed(n_products: int) -> None:
    existing = Product.objects.count()
    if existing >= n_products:
        print(f"Using the {existing} products already in the benchmark database.")
        return
    started = time.perf_counter()
    call_command("seed_demo", products=n_products)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"Seeded {Product.objects.count()} products in {time.perf_counter() - started:.0f} s.")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def time_queries(runs: int, queries=QUERIES) -> tuple[list[float], dict[str, list[float]]]:
    all_ms: list[float] = []
    per_query: dict[str, list[float]] = {}
    for lang, q in queries:
        with override(lang):
            run_search(q, QueryDict(""))  # warm up
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                page = run_search(q, QueryDict(""))
                timings.append((time.perf_counter() - started) * 1000)
        per_query[q] = timings
        all_ms += timings
        print(
            f"  {q:<24} {page.total:>6} found   p50 {statistics.median(timings):6.1f} ms"
            f"   p95 {percentile(timings, 95):6.1f} ms"
        )
    return all_ms, per_query


def explain_slowest(per_query: dict[str, list[float]]) -> None:
    slowest = max(per_query, key=lambda q: percentile(per_query[q], 95))
    lang = {q: lang for lang, q in QUERIES}[slowest]
    with override(lang), CaptureQueriesContext(connection) as captured:
        run_search(slowest, QueryDict(""))
    print(f"\nSlowest query: {slowest!r}; its statements (ms, first 90 characters):")
    for statement in captured.captured_queries:
        print(f"  {float(statement['time']) * 1000:6.1f}  {statement['sql'][:90]}")
    if connection.vendor != "postgresql":
        return
    sql = max(captured.captured_queries, key=lambda c: float(c["time"]))["sql"]
    print("\nIts heaviest statement, explained:\n")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed(args.products)
    live = Product.objects.live().count()
    print(f"\n{len(QUERIES)} queries x {args.runs} runs over {live} live products:")
    all_ms, per_query = time_queries(args.runs)
    print(
        f"\nAll queries: p50 {statistics.median(all_ms):.1f} ms, "
        f"p95 {percentile(all_ms, 95):.1f} ms, max {max(all_ms):.1f} ms"
    )
    print(f"\nFallback queries ({len(FALLBACK_QUERIES)}, not in the figure above):")
    fallback_ms, _ = time_queries(args.runs, FALLBACK_QUERIES)
    print(
        f"\nFallback queries: p50 {statistics.median(fallback_ms):.1f} ms, "
        f"p95 {percentile(fallback_ms, 95):.1f} ms, max {max(fallback_ms):.1f} ms"
    )
    explain_slowest(per_query)


if __name__ == "__main__":
    main()
