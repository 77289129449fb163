"""Admin changelists make the same number of queries for 2 rows as for 50."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ProductImage
from sellers.models import SellerProfile
from tests.factories import DistrictFactory, GITagFactory, ProductFactory, SellerFactory

pytestmark = pytest.mark.django_db

#: The most queries any of these changelists may make, whatever the number of rows.
MAX_QUERIES = 12


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _products(n: int) -> None:
    tag = GITagFactory()
    for i in range(n):
        product = ProductFactory(gi_tag=tag if i % 2 else None)
        ProductImage.objects.create(
            product=product,
            original=SimpleUploadedFile(f"p{i}.jpg", b"x", content_type="image/jpeg"),
            state=ProductImage.State.PENDING if i % 3 else ProductImage.State.FAILED,
        )


def _sellers(n: int) -> None:
    for i in range(n):
        SellerFactory(
            pan="ABCPE1234F",
            status=SellerProfile.Status.PENDING if i % 2 else SellerProfile.Status.APPROVED,
        )


def _districts(n: int) -> None:
    DistrictFactory.create_batch(n)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/admin/catalog/product/", _products),
        ("/admin/catalog/product/?images=pending", _products),
        ("/admin/sellers/sellerprofile/", _sellers),
        ("/admin/sellers/sellerprofile/?queue=pending", _sellers),
        ("/admin/districts/district/", _districts),
    ],
)
def test_changelist_query_count_does_not_grow_with_rows(
    superuser_client, django_assert_max_num_queries, url, make
):
    make(2)
    with_two = _count(superuser_client, url)
    make(48)
    with django_assert_max_num_queries(MAX_QUERIES):
        with_fifty = _count(superuser_client, url)
    assert with_fifty == with_two
