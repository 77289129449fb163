"""Moving the reference data out of catalog (districts 0001) keeps every row and grant.

The database is taken back to the layout before the move, filled through the historical
models, and migrated forward again.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User as CurrentUser
from catalog.models import FeaturedProduct, Product
from districts.models import Craft, District, GITag, ODOPProduct
from sellers.models import SellerProfile

#: The newest migrations before the move, per app.
BEFORE_THE_MOVE = [
    ("districts", None),
    ("catalog", "0006_product_newest_index"),
    ("sellers", "0003_staff_roles"),
]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _fill_old_layout(old_apps) -> dict:
    Craft = old_apps.get_model("catalog", "Craft")
    District = old_apps.get_model("catalog", "District")
    GITag = old_apps.get_model("catalog", "GITag")
    ODOPProduct = old_apps.get_model("catalog", "ODOPProduct")
    SellerProfile = old_apps.get_model("sellers", "SellerProfile")
    Product = old_apps.get_model("catalog", "Product")
    FeaturedProduct = old_apps.get_model("catalog", "FeaturedProduct")

    craft = Craft.objects.create(slug="textiles", name="Textiles", name_hi="कपड़ा")
    district = District.objects.create(
        slug="varanasi", name="Varanasi", name_hi="वाराणसी", division="Varanasi"
    )
    tag = GITag.objects.create(slug="banarasi-saree", name="Banarasi Brocades and Sarees")
    tag.districts.add(district)
    odop = ODOPProduct.objects.create(
        district=district, craft=craft, gi_tag=tag, name="Banarasi silk sarees"
    )
    # The users table is not taken back (accounts is not part of the move): its row is
    # written with today's model, whose later columns have no database default.
    user = CurrentUser.objects.create(email="asha@example.com")
    seller = SellerProfile.objects.create(
        user_id=user.pk, slug="asha", display_name="Asha", district=district, craft=craft,
        mobile="+919876543210", status="approved",
    )  # fmt: skip
    product = Product.objects.create(
        seller=seller, district=district, craft=craft, gi_tag=tag, gi_verified=True,
        title="Katan silk saree", slug="katan-silk-saree", price=Decimal("8500.00"),
        stock=2, status="published",
    )  # fmt: skip
    FeaturedProduct.objects.create(district=district, product=product, position=0)
    return {
        "craft": craft.pk, "district": district.pk, "tag": tag.pk, "odop": odop.pk,
        "seller": seller.pk, "product": product.pk,
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_rows_in_the_old_catalog_layout_survive_the_move_to_districts():
    executor = _migrate(BEFORE_THE_MOVE)
    ids = _fill_old_layout(executor.loader.project_state(BEFORE_THE_MOVE[1:]).apps)

    _migrate(executor.loader.graph.leaf_nodes())

    district = District.objects.get(pk=ids["district"])
    assert (district.slug, district.name_hi) == ("varanasi", "वाराणसी")
    assert Craft.objects.get(pk=ids["craft"]).name == "Textiles"
    assert list(GITag.objects.get(pk=ids["tag"]).districts.all()) == [district]
    odop = ODOPProduct.objects.select_related("district", "craft", "gi_tag").get(pk=ids["odop"])
    assert (odop.district_id, odop.craft_id, odop.gi_tag_id) == (
        ids["district"],
        ids["craft"],
        ids["tag"],
    )
    product = Product.objects.live().select_related("district", "craft").get(pk=ids["product"])
    assert (product.district, product.craft.slug, product.gi_tag_id) == (
        district,
        "textiles",
        ids["tag"],
    )
    assert SellerProfile.objects.get(pk=ids["seller"]).district == district
    assert FeaturedProduct.objects.get(product=product).district == district


@pytest.mark.django_db(transaction=True)
def test_the_curators_keep_their_rights_on_districts_after_the_move():
    # Back to before the staff roles, so that they are granted again on catalog's labels.
    _migrate([*BEFORE_THE_MOVE[:2], ("sellers", "0002_moderation_decision")])
    _migrate(BEFORE_THE_MOVE)
    curator = Group.objects.get(name="ODOP curator")
    assert curator.permissions.filter(
        content_type__app_label="catalog", codename="change_district"
    ).exists()

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    change_district = Permission.objects.get(
        content_type__app_label="districts", codename="change_district"
    )
    assert change_district in Group.objects.get(name="ODOP curator").permissions.all()
    assert not Permission.objects.filter(
        content_type__app_label="catalog", codename__endswith="_district"
    ).exists()
