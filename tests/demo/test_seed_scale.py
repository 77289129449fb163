"""``seed_scale``: bench data copied inside PostgreSQL stays coherent (issue 20).

The 10x bench seeds 500,000 products and 200,000 orders this way; here a small run
(25 products per ODOP district and 30 orders built in Python, copied to three times
as many) checks what the
benchmarks rely on: each copy belongs to its artisan's district and craft, is found by
search, shows a photo, and orders add up to the dashboard's rollups.
"""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.http import QueryDict

from catalog.models import Product
from catalog.search_selectors import run_search
from districts.models import District
from orders.models import DistrictDaySales, Order, OrderLine, SubOrder

pytestmark = pytest.mark.django_db


def _seed_scale() -> int:
    """Seed base rows for every ODOP district (25 per artisan), copy them to 3 times."""
    call_command("load_districts", stdout=StringIO())
    districts = District.objects.filter(odop_products__is_current=True).distinct().count()
    base = 25 * districts
    call_command(
        "seed_scale",
        products=3 * base,
        orders=90,
        base_products=base,
        base_orders=30,
        districts="varanasi",
        stdout=StringIO(),
    )
    return 3 * base


def test_copies_are_coherent_searchable_illustrated_and_add_up():
    total = _seed_scale()

    # Each copy belongs to its artisan (demo.bulk's numbering), district and craft.
    bulk = Product.objects.filter(slug__startswith="bulk-").select_related("seller")
    assert bulk.count() == total
    for product in bulk:
        number = int(product.slug.removeprefix("bulk-"))
        assert product.seller.slug == f"bulk-artisan-{(number - 1) // 25 + 1:05d}"
        assert product.district_id == product.seller.district_id
        assert product.craft_id == product.seller.craft_id
        assert product.title.endswith(f" {number}")
        assert product.price >= Decimal("99") and product.stock >= 0

    # Search finds copies by their words; copies in a district with photos show one.
    copy = Product.objects.get(slug=f"bulk-{total - 7:06d}")
    words = re.sub(r"\s*no\. \d+$", "", copy.title)
    found = run_search(words, QueryDict(""))
    assert found.total > 1
    copies_in_varanasi = Product.objects.filter(
        slug__gt=f"bulk-{total // 3:06d}", slug__startswith="bulk-", district__slug="varanasi"
    )
    assert copies_in_varanasi.exists()
    assert not copies_in_varanasi.filter(images__isnull=True).exists()

    # Copied orders add up, and the dashboard's rollups count every part.
    assert Order.objects.filter(number__startswith="OD-BULK-").count() == 90
    for suborder in SubOrder.objects.filter(order__number__startswith="OD-BULK-"):
        lines = OrderLine.objects.filter(suborder=suborder).aggregate(total=Sum("line_total"))
        assert lines["total"] == suborder.subtotal
    for order in Order.objects.all():
        parts = order.suborders.aggregate(total=Sum("total"))["total"]
        assert parts == order.total
    assert DistrictDaySales.objects.aggregate(n=Sum("suborders"))["n"] == SubOrder.objects.count()
