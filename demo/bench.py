"""Seeders for the benchmarks in bench/ (the catalogue ones are seed_demo --products)."""

from __future__ import annotations

import random
from decimal import Decimal

from accounts.models import User
from catalog.models import Product
from districts.loader import load_district_data
from districts.models import District
from orders.services import ShippingAddress
from sellers.models import SellerProfile

#: Where benchmark and bulk demo orders are shipped.
BENCH_ADDRESS = ShippingAddress(
    full_name="Bench Buyer",
    mobile="+919876543210",
    line1="1 Test Lane",
    city="Lucknow",
    state="UP",
    pin_code="226001",
)


def seed_checkout_catalogue(buyers: int) -> list[Product]:
    """200 products with endless stock from 20 artisans, and ``buyers`` buyer accounts."""
    if not District.objects.filter(slug="varanasi").exists():
        load_district_data()
    district = District.objects.get(slug="varanasi")
    craft = district.odop_products.filter(is_current=True).first().craft
    products = list(Product.objects.filter(slug__startswith="bench-p-").order_by("pk"))
    if len(products) < 200:
        for s in range(20):
            user, _ = User.objects.get_or_create(email=f"bench-seller-{s}@example.com")
            seller, _ = SellerProfile.objects.get_or_create(
                user=user,
                defaults={
                    "slug": f"bench-seller-{s}",
                    "display_name": f"Bench artisan {s}",
                    "district": district,
                    "craft": craft,
                    "mobile": "+919876543210",
                    "status": "approved",
                },
            )
            for p in range(10):
                Product.objects.get_or_create(
                    slug=f"bench-p-{s}-{p}",
                    defaults={
                        "seller": seller,
                        "district": district,
                        "craft": craft,
                        "title": f"Bench product {s}-{p}",
                        "price": Decimal(random.choice(["199.00", "450.00", "1250.00"])),
                        "status": "published",
                    },
                )
        products = list(Product.objects.filter(slug__startswith="bench-p-").order_by("pk"))
    Product.objects.filter(pk__in=[p.pk for p in products]).update(stock=1_000_000)
    existing = User.objects.filter(email__startswith="bench-buyer-").count()
    User.objects.bulk_create(
        User(email=f"bench-buyer-{i}@example.com") for i in range(existing, buyers)
    )
    return products
