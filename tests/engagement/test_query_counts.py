"""The product and district pages make as many queries with 0, 1 and 200 reviews."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.models import Review
from orders.models import OrderLine
from tests.factories import (
    ProductFactory,
    ReadyProductImageFactory,
    SubOrderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def with_reviews(count: int):
    """A product with ``count`` published reviews (some with photos) and a sibling."""
    product = ProductFactory()
    ReadyProductImageFactory(product=product)
    ReadyProductImageFactory(product=ProductFactory(seller=product.seller))
    buyer = UserFactory()
    suborder = SubOrderFactory(seller=product.seller, line=None, status="delivered")
    lines = OrderLine.objects.bulk_create(
        OrderLine(
            suborder=suborder,
            product=product,
            title="x",
            seller_name="y",
            unit_price=1,
            quantity=1,
            line_total=1,
        )
        for _ in range(count)
    )
    Review.objects.bulk_create(
        Review(
            order_line=line,
            product=product,
            author=buyer,
            author_name="Asha",
            rating=1 + n % 5,
            text=f"Review {n}",
            has_photos=n % 3 == 0,
            photos=[{"thumb": "t.jpg", "large": "l.jpg"}] if n % 3 == 0 else [],
            reply="Thanks" if n % 2 else "",
        )
        for n, line in enumerate(lines)
    )
    from engagement.services import refresh_product_rating

    refresh_product_rating(product_id=product.pk)
    return product


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["product", "district"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_query_counts_stay_flat_with_0_1_and_200_reviews(client, page, signed_in, record_property):
    if signed_in:
        client.force_login(UserFactory())
    counts = []
    for count in (0, 1, 200):
        product = with_reviews(count)
        url = (
            product.get_absolute_url() if page == "product" else product.district.get_absolute_url()
        )
        counts.append(queries(client, url))
    record_property("queries", counts)
    print(f"{page} signed_in={signed_in}: queries with 0/1/200 reviews = {counts}")
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 14
