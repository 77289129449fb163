"""Search latency over a large catalogue: p50/p95 of 20 varied queries, and the slowest plan.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/odop_bench_search \\
        .venv/bin/python bench/search.py [--products 50000] [--runs 30] [--seed auto|own]

Seeds the benchmark database once (``manage.py seed_demo --products N`` when that command
exists, else a bulk seeder here with realistic, varied titles in both languages across the
75 districts), then times the whole search page's work — ``run_search``: match, facets,
page of 24, images, matching districts/crafts/artisans — for each query.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_market.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/odop_bench_search")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from django.utils.translation import override  # noqa: E402

from accounts.models import User  # noqa: E402
from catalog.models import Craft, District, ODOPProduct, Product  # noqa: E402
from catalog.search_selectors import run_search  # noqa: E402
from sellers.models import SellerProfile  # noqa: E402

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

#: Per craft: (English item, Hindi item) a product title ends with.
ITEMS = {
    "textiles-weaving": [("saree", "साड़ी"), ("dupatta", "दुपट्टा"), ("stole", "स्टोल"),
                         ("bedsheet", "चादर"), ("shawl", "शॉल"), ("cushion cover", "कुशन कवर")],
    "embroidery": [("kurta", "कुर्ता"), ("kurti", "कुर्ती"), ("dupatta", "दुपट्टा"),
                   ("saree", "साड़ी"), ("clutch bag", "क्लच बैग")],
    "carpets-durries": [("carpet", "कालीन"), ("durrie", "दरी"), ("rug", "गलीचा")],
    "pottery-terracotta": [("vase", "फूलदान"), ("horse", "घोड़ा"), ("diya", "दीया"),
                           ("planter", "गमला")],
    "wood-craft": [("toy", "खिलौना"), ("box", "डिब्बा"), ("tray", "ट्रे"), ("figurine", "मूर्ति")],
    "metal-craft": [("diya", "दीया"), ("bowl", "कटोरी"), ("vase", "फूलदान"), ("lamp", "लैंप"),
                    ("bell", "घंटी")],
    "stone-craft": [("coaster", "कोस्टर"), ("box", "डिब्बा"), ("figurine", "मूर्ति")],
    "glass": [("bangles", "चूड़ियाँ"), ("vase", "फूलदान"), ("lamp", "लैंप"), ("tumbler", "गिलास")],
    "leather": [("shoes", "जूते"), ("wallet", "बटुआ"), ("bag", "बैग"), ("belt", "बेल्ट")],
    "perfume": [("attar", "इत्र"), ("rose water", "गुलाब जल"), ("agarbatti", "अगरबत्ती")],
    "musical-instruments": [("dholak", "ढोलक"), ("tabla", "तबला"), ("flute", "बांसुरी")],
    "toys": [("toy", "खिलौना"), ("doll", "गुड़िया")],
    "paper-jute-fibre": [("basket", "टोकरी"), ("wall hanging", "वॉल हैंगिंग"), ("mat", "चटाई")],
    "food-agri": [("jaggery", "गुड़"), ("pickle", "अचार"), ("rice", "चावल")],
    "engineering-hardware": [("lock", "ताला"), ("scissors", "कैंची")],
    "sports-goods": [("cricket bat", "क्रिकेट बैट"), ("football", "फ़ुटबॉल")],
    "other": [("gift set", "उपहार सेट")],
}  # fmt: skip
ADJECTIVES = [
    ("handmade", "हस्तनिर्मित"), ("traditional", "पारंपरिक"), ("silk", "रेशमी"),
    ("cotton", "सूती"), ("brass", "पीतल"), ("red", "लाल"), ("blue", "नीला"), ("green", "हरा"),
    ("small", "छोटा"), ("large", "बड़ा"), ("embroidered", "कढ़ाईदार"), ("carved", "नक्काशीदार"),
    ("painted", "रंगीन"), ("festive", "त्योहारी"), ("wooden", "लकड़ी"), ("wedding", "शादी"),
]  # fmt: skip
PRICES = [199, 349, 499, 750, 1200, 1800, 2600, 4200, 6500, 12000]
#: How a district's name reads in a product title, where it is not the name itself.
PREFIXES = {
    "varanasi": ("Banarasi", "बनारसी"),
    "lucknow": ("Chikankari", "चिकनकारी"),
    "kannauj": ("Kannauj rose", "कन्नौज गुलाब"),
    "moradabad": ("Moradabad brass", "मुरादाबादी पीतल"),
    "firozabad": ("Firozabad glass", "फ़िरोज़ाबाद काँच"),
    "saharanpur": ("Saharanpur wooden", "सहारनपुरी लकड़ी"),
    "gorakhpur": ("Gorakhpur terracotta", "गोरखपुर टेराकोटा"),
}


def load_districts_and_crafts() -> None:
    """The project's own district/craft data (what load_districts would load)."""
    if ODOPProduct.objects.exists():
        return
    data = json.loads((ROOT / "catalog/data/districts.json").read_text())
    for craft in data["crafts"]:
        Craft.objects.update_or_create(slug=craft["slug"], defaults=craft)
    crafts = {c.slug: c for c in Craft.objects.all()}
    for row in data["districts"]:
        fields = {k: v for k, v in row.items() if k in {f.name for f in District._meta.fields}}
        district, _created = District.objects.update_or_create(slug=row["slug"], defaults=fields)
        for odop in row.get("odop_products", []):
            ODOPProduct.objects.get_or_create(
                district=district,
                name=odop["name"],
                defaults={"name_hi": odop["name_hi"], "craft": crafts[odop["craft"]]},
            )


def seed_own(n_products: int) -> None:
    load_districts_and_crafts()
    data = {
        d["slug"]: d
        for d in json.loads((ROOT / "catalog/data/districts.json").read_text())["districts"]
    }
    crafts = {c.slug: c for c in Craft.objects.all()}
    rng = random.Random(7)
    sellers = []
    for district in District.objects.all():
        craft_slugs = [p["craft"] for p in data.get(district.slug, {}).get("odop_products", [])]
        craft_slugs = craft_slugs or ["other"]
        for i in range(10):
            email = f"bench-{district.slug}-{i}@example.com"
            user = User.objects.create(email=email, full_name=f"Artisan {i}", password="!")
            sellers.append(
                SellerProfile(
                    user=user, slug=f"{district.slug}-artisan-{i}",
                    display_name=f"{district.name} Artisan {i}",
                    display_name_hi=f"{district.name_hi} कारीगर {i}",
                    district=district, craft=crafts[craft_slugs[i % len(craft_slugs)]],
                    mobile="+919876543210", status="approved",
                )
            )  # fmt: skip
    SellerProfile.objects.bulk_create(sellers)
    sellers = list(SellerProfile.objects.select_related("district", "craft"))
    batch: list[Product] = []
    for n in range(n_products):
        seller = sellers[n % len(sellers)]
        prefix, prefix_hi = PREFIXES.get(
            seller.district.slug, (seller.district.name, seller.district.name_hi)
        )
        adj, adj_hi = rng.choice(ADJECTIVES)
        item, item_hi = rng.choice(ITEMS.get(seller.craft.slug, ITEMS["other"]))
        title = f"{prefix} {adj} {item}"
        batch.append(
            Product(
                seller=seller, district=seller.district, craft=seller.craft,
                title=title[:1].upper() + title[1:], title_hi=f"{prefix_hi} {adj_hi} {item_hi}",
                slug=f"{slugify(title)}-{n}",
                description=f"{adj.capitalize()} {item} made by hand in {seller.district.name}.",
                description_hi=f"{seller.district.name_hi} में हाथ से बना {adj_hi} {item_hi}।",
                price=Decimal(rng.choice(PRICES)),
                stock=rng.choice([0, 3, 10, 25]),
                status="published" if rng.random() < 0.95 else "draft",
            )
        )  # fmt: skip
        if len(batch) == 2000:
            Product.objects.bulk_create(batch)
            batch = []
    Product.objects.bulk_create(batch)


def seed(n_products: int, how: str) -> None:
    existing = Product.objects.count()
    if existing >= n_products:
        print(f"Using the {existing} products already in the benchmark database.")
        return
    started = time.perf_counter()
    if how == "seed_demo" or (how == "auto" and "seed_demo" in get_commands()):
        call_command("seed_demo", products=n_products)
    else:
        seed_own(n_products - existing)
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
    parser.add_argument("--seed", choices=["auto", "own", "seed_demo"], default="auto")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed(args.products, args.seed)
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
