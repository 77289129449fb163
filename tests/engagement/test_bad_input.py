"""Hostile values in the review, report, reply, wishlist and alert forms: never a 500,
never markup echoed back unescaped (the values and helpers of tests/security)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from engagement import services
from engagement.models import Review
from tests.security.test_bad_input import probe, send_all

pytestmark = pytest.mark.django_db


def test_hostile_review_fields_give_a_form_error_or_a_clean_review(client, buyer, line, product):
    client.force_login(buyer)
    url = reverse("engagement:review_create", args=[line.pk])
    send_all(client, url, {"rating": "4", "text": "Good"}, None, "review")
    review = Review.objects.get()  # a valid variant published it: the rest went to edit
    cache.clear()  # the flood limit is not what this test is about
    edit = reverse("engagement:review_edit", args=[review.pk])
    send_all(client, edit, {"rating": "4", "text": "Good"}, None, "review edit")
    review.refresh_from_db()
    assert 1 <= review.rating <= 5
    body = client.get(product.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body


def test_hostile_reports_replies_and_product_ids(client, buyer, line, product):
    review = services.create_review(author=buyer, line_id=line.pk, rating=4, text="Good")
    client.force_login(buyer)
    send_all(
        client,
        reverse("engagement:review_report", args=[review.pk]),
        {"reason": "x"},
        None,
        "report",
    )
    for name in ("wishlist_toggle", "wishlist_move", "stock_alert"):
        send_all(
            client, reverse(f"engagement:{name}"), {"product": product.pk, "next": "/"}, None, name
        )
    client.force_login(product.seller.user)
    send_all(
        client,
        reverse("console:review_reply", args=[review.pk]),
        {"reply": "Thanks"},
        None,
        "reply",
    )
    probe(
        client, "get", product.get_absolute_url(), {"reviews": "<script>alert(1)</script>"}, "sort"
    )
