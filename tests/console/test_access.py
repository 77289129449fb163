"""Who may open which seller page: a matrix of URLs × kinds of visitor."""

import pytest
from django.urls import reverse

from tests.factories import ProductFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

# Expected status for: anonymous, shopper (no profile), seller A, seller B, staff (no profile).
MATRIX = [
    ("console:dashboard", False, (302, 200, 200, 200, 200)),
    ("console:onboarding", False, (302, 302, 302, 302, 302)),
    ("console:products", False, (302, 302, 200, 200, 302)),
    ("console:product_create", False, (302, 302, 200, 200, 302)),
    ("console:product_edit", True, (302, 302, 200, 404, 302)),
]
VISITORS = ("anonymous", "shopper", "seller_a", "seller_b", "staff")


@pytest.fixture
def people(db):
    seller_a, seller_b = SellerFactory(), SellerFactory()
    return {
        "anonymous": None,
        "shopper": UserFactory(),
        "seller_a": seller_a.user,
        "seller_b": seller_b.user,
        "staff": UserFactory(is_staff=True, is_superuser=True),
        "product": ProductFactory(seller=seller_a),
    }


@pytest.mark.parametrize(("name", "needs_product", "expected"), MATRIX)
@pytest.mark.parametrize("visitor_index", range(len(VISITORS)), ids=VISITORS)
def test_seller_urls_answer_each_kind_of_visitor(
    client, people, name, needs_product, expected, visitor_index
):
    user = people[VISITORS[visitor_index]]
    if user:
        client.force_login(user)
    kwargs = {"pk": people["product"].pk} if needs_product else {}
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == expected[visitor_index]
    if user is None:
        assert response.url.startswith(reverse("account_login"))


def test_onboarding_steps_send_visitors_where_they_belong(client, people):
    url = reverse("console:onboarding_step", kwargs={"step": "profile"})
    assert client.get(url).status_code == 302
    client.force_login(people["shopper"])
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("console:onboarding_step", kwargs={"step": "nope"})).status_code == 404
    )
    client.force_login(people["seller_a"])  # approved: the application is closed
    assert client.get(url).url == reverse("console:dashboard")


def test_another_sellers_product_cannot_be_edited_or_archived(client, people):
    product = people["product"]
    client.force_login(people["seller_b"])
    edit = reverse("console:product_edit", kwargs={"pk": product.pk})
    archive = reverse("console:product_archive", kwargs={"pk": product.pk})
    assert client.post(edit, {"title": "Mine now"}).status_code == 404
    assert client.post(archive).status_code == 404
    product.refresh_from_db()
    assert product.title != "Mine now"
    assert product.status == "published"


def test_a_seller_sees_only_their_own_products_in_the_list(client, people):
    client.force_login(people["seller_b"])
    response = client.get(reverse("console:products"))
    assert list(response.context["products"]) == []
