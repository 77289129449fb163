"""A district page stays light for shoppers on slow phone connections."""

import gzip
from pathlib import Path

import pytest

from tests.factories import ProductFactory, ReadyProductImageFactory, SellerFactory

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[2] / "static"
BUDGET_BYTES = 60 * 1024


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def test_a_full_district_page_with_its_css_and_js_is_under_60_kb_compressed(client):
    seller = SellerFactory()
    for n in range(30):
        product = ProductFactory(seller=seller, title=f"Hand-knotted wool carpet, design {n}")
        ReadyProductImageFactory(product=product)

    html = client.get(seller.district.get_absolute_url()).content
    css = (STATIC / "css" / "site.css").read_bytes()
    js = (STATIC / "js" / "site.js").read_bytes()
    total = _gzipped(html) + _gzipped(css) + _gzipped(js)

    assert html.count(b'class="card product-card"') == 24  # a full first page
    assert total < BUDGET_BYTES, f"{total} bytes compressed"
