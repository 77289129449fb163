"""Reviews: only verified buyers, one per line, hidden ones leave the average, escaped."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from engagement import services
from engagement.models import Review, ReviewReport
from orders.models import SubOrder
from tests.admin.conftest import CURATOR, make_staff, sign_in_with_code
from tests.engagement.conftest import delivered_line
from tests.factories import ProductFactory, UserFactory, place_test_order
from tests.roles import restore_staff_roles

pytestmark = pytest.mark.django_db


def curator_client() -> Client:
    restore_staff_roles()
    client = Client()
    sign_in_with_code(client, make_staff(group=CURATOR))
    return client


def review_url(line):
    return reverse("engagement:review_create", args=[line.pk])


def test_buyer_without_a_delivered_line_cannot_open_the_review_form(client, buyer, product):
    order = place_test_order(buyer, (product, 1))  # placed, not delivered
    line = order.suborders.get().lines.get()
    client.force_login(buyer)
    response = client.get(review_url(line))
    assert response.status_code == 302
    assert not Review.objects.exists()


def test_a_crafted_post_for_an_undelivered_line_is_refused(client, buyer, product):
    order = place_test_order(buyer, (product, 1))
    SubOrder.objects.filter(order=order).update(status=SubOrder.Status.SHIPPED)
    line = order.suborders.get().lines.get()
    client.force_login(buyer)
    client.post(review_url(line), {"rating": "5", "text": "great"})
    assert not Review.objects.exists()


def test_a_crafted_post_for_someone_elses_delivered_line_is_refused(client, line):
    stranger = UserFactory()
    client.force_login(stranger)
    response = client.post(review_url(line), {"rating": "1", "text": "fake"})
    assert response.status_code == 302
    assert not Review.objects.exists()
    with pytest.raises(services.ReviewError):
        services.create_review(author=stranger, line_id=line.pk, rating=1, text="fake")


def test_a_delivered_buyer_reviews_and_the_product_rating_follows(client, buyer, line, product):
    client.force_login(buyer)
    response = client.post(review_url(line), {"rating": "4", "text": "Lovely work"})
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.order_line_id, review.author_id, review.rating) == (line.pk, buyer.pk, 4)
    assert review.author_name == "Meera"
    product.refresh_from_db()
    assert (product.rating_count, product.rating_sum, product.rating_average) == (1, 4, 4)


def test_one_review_per_order_line(client, buyer, line):
    services.create_review(author=buyer, line_id=line.pk, rating=5, text="first")
    client.force_login(buyer)
    client.post(review_url(line), {"rating": "1", "text": "second"})
    with pytest.raises(services.ReviewError):
        services.create_review(author=buyer, line_id=line.pk, rating=1, text="again")
    assert Review.objects.count() == 1


def test_a_second_purchase_of_the_same_product_can_be_reviewed_too(buyer, line, product):
    services.create_review(author=buyer, line_id=line.pk, rating=5, text="first")
    second = delivered_line(buyer, product)
    services.create_review(author=buyer, line_id=second.pk, rating=3, text="second")
    product.refresh_from_db()
    assert (product.rating_count, product.rating_average) == (2, 4)


def test_hidden_reviews_leave_the_average(buyer, product):
    other = UserFactory()
    five = services.create_review(
        author=buyer, line_id=delivered_line(buyer, product).pk, rating=5, text=""
    )
    services.create_review(
        author=other, line_id=delivered_line(other, product).pk, rating=1, text="spam"
    )
    product.refresh_from_db()
    assert (product.rating_count, product.rating_average) == (2, 3)
    one = Review.objects.get(rating=1)
    services.set_review_published(review=one, is_published=False, reason="spam")
    product.refresh_from_db()
    assert (product.rating_count, product.rating_sum, product.rating_distribution) == (
        1,
        5,
        {"5": 1},
    )
    assert five.is_published


def test_hidden_review_is_not_on_the_product_page(client, buyer, line, product):
    review = services.create_review(author=buyer, line_id=line.pk, rating=2, text="Hide me")
    assert "Hide me" in client.get(product.get_absolute_url()).content.decode()
    services.set_review_published(review=review, is_published=False)
    body = client.get(product.get_absolute_url()).content.decode()
    assert "Hide me" not in body


def test_a_review_can_be_edited_for_30_days_only(client, buyer, line, product):
    review = services.create_review(author=buyer, line_id=line.pk, rating=2, text="ok")
    client.force_login(buyer)
    client.post(reverse("engagement:review_edit", args=[review.pk]), {"rating": "5", "text": "!"})
    review.refresh_from_db()
    assert review.rating == 5
    Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - timedelta(days=31))
    client.post(reverse("engagement:review_edit", args=[review.pk]), {"rating": "1", "text": "x"})
    review.refresh_from_db()
    assert review.rating == 5
    assert Product.objects.get(pk=product.pk).rating_sum == 5


def test_someone_else_cannot_edit_a_review(client, buyer, line):
    review = services.create_review(author=buyer, line_id=line.pk, rating=2, text="ok")
    client.force_login(UserFactory())
    response = client.post(
        reverse("engagement:review_edit", args=[review.pk]), {"rating": "5", "text": "!"}
    )
    assert response.status_code == 404


def test_hostile_review_text_is_escaped_on_every_page(client, buyer, line, product):
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"</script>'
    services.create_review(author=buyer, line_id=line.pk, rating=3, text=hostile)
    pages = [
        product.get_absolute_url(),
        reverse("engagement:product_reviews", args=[product.slug]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body
        assert "<img src=x" not in body
        assert "&lt;script&gt;alert(1)" in body
    # In JSON-LD the text is inside a <script> element: "</script>" must not end it early.
    body = client.get(product.get_absolute_url()).content.decode()
    ld = body.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "alert(1)" in ld
    assert "<" not in ld


def test_review_floods_are_rate_limited(buyer):
    products = ProductFactory.create_batch(services.REVIEWS_PER_HOUR + 1)
    lines = [delivered_line(buyer, p) for p in products]
    for line in lines[:-1]:
        services.create_review(author=buyer, line_id=line.pk, rating=5, text="")
    with pytest.raises(services.ReviewError):
        services.create_review(author=buyer, line_id=lines[-1].pk, rating=5, text="")
    assert Review.objects.count() == services.REVIEWS_PER_HOUR


def test_anyone_signed_in_can_report_once_and_curators_see_the_queue(client, buyer, line):
    review = services.create_review(author=buyer, line_id=line.pk, rating=1, text="rude")
    reporter = UserFactory()
    client.force_login(reporter)
    url = reverse("engagement:review_report", args=[review.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"reason": "Offensive"})
    client.post(url, {"reason": "Again"})
    assert ReviewReport.objects.filter(review=review).count() == 1
    review.refresh_from_db()
    assert review.report_count == 1
    curator = curator_client()
    queue = curator.get("/admin/engagement/review/?reported=open")
    assert queue.status_code == 200
    assert f"/admin/engagement/review/{review.pk}/change/" in queue.content.decode()


def test_reporting_needs_sign_in(client, buyer, line):
    review = services.create_review(author=buyer, line_id=line.pk, rating=1, text="rude")
    response = client.post(reverse("engagement:review_report", args=[review.pk]))
    assert response.status_code == 302
    assert not ReviewReport.objects.exists()


def test_curators_hide_a_review_from_the_admin(buyer, line, product):
    review = services.create_review(author=buyer, line_id=line.pk, rating=1, text="spam")
    curator_client().post(
        "/admin/engagement/review/",
        {"action": "hide_reviews", "_selected_action": [review.pk]},
    )
    review.refresh_from_db()
    product.refresh_from_db()
    assert not review.is_published
    assert product.rating_count == 0


def test_the_artisan_replies_once_publicly(client, buyer, line, product):
    review = services.create_review(author=buyer, line_id=line.pk, rating=4, text="Nice")
    client.force_login(product.seller.user)
    assert client.get(reverse("console:reviews")).status_code == 200
    url = reverse("console:review_reply", args=[review.pk])
    client.post(url, {"reply": "Thank you, ji!"})
    client.post(url, {"reply": "Second reply"})
    review.refresh_from_db()
    assert review.reply == "Thank you, ji!"
    body = client.get(product.get_absolute_url()).content.decode()
    assert "Thank you, ji!" in body


def test_an_artisan_cannot_reply_to_reviews_of_someone_elses_product(client, buyer, line):
    review = services.create_review(author=buyer, line_id=line.pk, rating=4, text="Nice")
    other = ProductFactory()
    client.force_login(other.seller.user)
    response = client.post(reverse("console:review_reply", args=[review.pk]), {"reply": "Hi"})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.replied_at is None


def test_the_order_pages_review_link_leads_to_editing_once_reviewed(client, buyer, line):
    client.force_login(buyer)
    order_page = client.get(reverse("orders:order_detail", args=[line.suborder.order.number]))
    assert review_url(line) in order_page.content.decode()
    review = services.create_review(author=buyer, line_id=line.pk, rating=4, text="")
    response = client.get(review_url(line))
    assert response["Location"] == reverse("engagement:review_edit", args=[review.pk])
