"""`seed_demo --products N`: tens of thousands of products for benchmarks, in bulk inserts.

Bulk rows are marked by a ``bulk-`` slug prefix. They are spread over all districts with
one artisan per 25 products, reuse a handful of already processed demo photos (no new
files), and are inserted with ``ignore_conflicts`` so that a re-run adds only what is
missing.
"""

import math
import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from catalog.models import Product, ProductImage
from demo.content import FAMILY_NAMES, FIRST_NAMES
from demo.seed import in_sentence, product_words
from districts.models import District
from sellers.models import SellerProfile

BATCH = 2000
PRODUCTS_PER_ARTISAN = 25


def _districts_with_odop() -> list[tuple[District, object]]:
    pairs = []
    districts = District.objects.prefetch_related("odop_products__craft").order_by("slug")
    for district in districts:
        current = [odop for odop in district.odop_products.all() if odop.is_current]
        if current:
            pairs.append((district, current[0]))
    return pairs


@transaction.atomic
def ensure_bulk_artisans(count: int, pairs) -> list[SellerProfile]:
    """``count`` approved artisans (``bulk-artisan-00001`` …), round-robin over districts."""
    unusable = make_password(None)
    users = [
        User(email=f"bulk-artisan-{i:05d}@artisans.odop.example", password=unusable)
        for i in range(1, count + 1)
    ]
    User.objects.bulk_create(users, batch_size=BATCH, ignore_conflicts=True)
    emails = [user.email for user in users]
    user_ids = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=user_ids[email], email=email, verified=True, primary=True)
            for email in emails
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    sellers = []
    for i, email in enumerate(emails, start=1):
        district, odop = pairs[i % len(pairs)]
        rng = random.Random(f"bulk-artisan:{i}")
        first, family = rng.choice(FIRST_NAMES), rng.choice(FAMILY_NAMES)
        sellers.append(
            SellerProfile(
                user_id=user_ids[email],
                slug=f"bulk-artisan-{i:05d}",
                display_name=f"{first[0]} {family[0]}",
                display_name_hi=f"{first[1]} {family[1]}",
                district=district,
                craft=odop.craft,
                story=f"An artisan of {in_sentence(odop.name)} from {district.name}.",
                story_hi=f"{district.name_hi} के {odop.name_hi or odop.name} के कारीगर।",
                mobile=f"+9197{i:08d}",
                status=SellerProfile.Status.APPROVED,
            )
        )
    SellerProfile.objects.bulk_create(sellers, batch_size=BATCH, ignore_conflicts=True)
    return list(
        SellerProfile.objects.filter(slug__startswith="bulk-artisan-")
        .select_related("district", "craft")
        .order_by("slug")[:count]
    )


def ensure_artisans_for(products: int) -> list[SellerProfile]:
    """The bulk artisans ``products`` bulk products need (one per 25)."""
    return ensure_bulk_artisans(math.ceil(products / PRODUCTS_PER_ARTISAN), _districts_with_odop())


def _bulk_product(i: int, artisan: SellerProfile, odop, words: dict, now) -> Product:
    rng = random.Random(i)
    base = words["base_price"]
    return Product(
        seller=artisan,
        district_id=artisan.district_id,
        craft_id=artisan.craft_id,
        slug=f"bulk-{i:06d}",
        title=f"{words['title']} no. {i}",
        title_hi=f"{words['title_hi']} क्रमांक {i}",
        description=words["description"],
        description_hi=words["description_hi"],
        materials=words["materials"],
        materials_hi=words["materials_hi"],
        price=Decimal(max(99, round(base * rng.uniform(0.6, 1.8)))),
        stock=rng.choice([0, 2, 5, 10, 25, 50]),
        status=Product.Status.PUBLISHED,
        # Older than the hand-made demo products, so those stay "newest" on the pages.
        published_at=now - timedelta(days=365) + timedelta(seconds=i),
    )


def seed_bulk_products(count: int, log=print) -> int:
    """Make sure products ``bulk-000001`` … ``bulk-<count>`` exist. Returns how many were new."""
    pairs = _districts_with_odop()
    odop_by_district = {district.pk: odop for district, odop in pairs}
    artisans = ensure_bulk_artisans(math.ceil(count / PRODUCTS_PER_ARTISAN), pairs)
    log(f"  {len(artisans)} bulk artisans ready")
    before = Product.objects.filter(slug__startswith="bulk-").count()
    now = timezone.now()
    words_cache: dict[tuple[int, int], dict] = {}
    for start in range(1, count + 1, BATCH):
        batch = []
        for i in range(start, min(start + BATCH, count + 1)):
            artisan = artisans[(i - 1) // PRODUCTS_PER_ARTISAN]
            odop = odop_by_district[artisan.district_id]
            key = (artisan.district_id, i % 6)
            if key not in words_cache:
                words_cache[key] = product_words(artisan.district, odop, i % 6)
            batch.append(_bulk_product(i, artisan, odop, words_cache[key], now))
        Product.objects.bulk_create(batch, ignore_conflicts=True)
    _attach_shared_photos()
    after = Product.objects.filter(slug__startswith="bulk-").count()
    return after - before


@transaction.atomic
def _attach_shared_photos() -> None:
    """Point each bulk product without a photo at a processed demo photo of its district.

    No new files: the rows share the demo photos' original and renditions, so a district
    page shows pictures of that district's craft.
    """
    shared: dict[int, list[ProductImage]] = defaultdict(list)
    demo_photos = (
        ProductImage.objects.filter(state=ProductImage.State.READY, position=0)
        .exclude(product__slug__startswith="bulk-")
        .select_related("product")
        .order_by("pk")
    )
    for photo in demo_photos:
        shared[photo.product.district_id].append(photo)
    if not shared:
        return
    missing = Product.objects.filter(slug__startswith="bulk-", images__isnull=True).values_list(
        "pk", "district_id"
    )
    rows = []
    for product_id, district_id in missing.iterator(chunk_size=BATCH):
        photos = shared.get(district_id)
        if not photos:
            continue
        source = photos[product_id % len(photos)]
        rows.append(
            ProductImage(
                product_id=product_id,
                original=source.original.name,
                alt_text=source.alt_text,
                alt_text_hi=source.alt_text_hi,
                state=ProductImage.State.READY,
                width=source.width,
                height=source.height,
                renditions=source.renditions,
                processed_at=source.processed_at,
            )
        )
    ProductImage.objects.bulk_create(rows, batch_size=BATCH)
