from django.core.management import call_command

from districts.models import Craft, District, GITag, ODOPProduct


def test_all_75_districts_load_in_18_divisions(districts):
    assert District.objects.count() == 75
    assert District.objects.values("division").distinct().count() == 18
    assert not District.objects.filter(division_hi="").exists()


def test_districts_carry_their_correct_hindi_names(districts):
    names = dict(District.objects.values_list("slug", "name_hi"))
    assert names["varanasi"] == "वाराणसी"
    assert names["lucknow"] == "लखनऊ"
    assert names["prayagraj"] == "प्रयागराज"


def test_each_district_has_a_current_odop_product_with_a_craft(districts):
    without = District.objects.exclude(odop_products__is_current=True)
    assert list(without) == []
    varanasi = ODOPProduct.objects.get(district__slug="varanasi")
    assert varanasi.craft.slug == "textiles-weaving"
    assert varanasi.gi_tag is not None
    assert "varanasi" in varanasi.gi_tag.districts.values_list("slug", flat=True)


def test_loading_twice_changes_nothing(districts):
    counts = (Craft.objects.count(), GITag.objects.count(), ODOPProduct.objects.count())
    District.objects.filter(slug="agra").update(is_featured=True, featured_order=3)
    call_command("load_districts", verbosity=0)
    assert District.objects.count() == 75
    assert (Craft.objects.count(), GITag.objects.count(), ODOPProduct.objects.count()) == counts
    agra = District.objects.get(slug="agra")
    assert agra.is_featured and agra.featured_order == 3


def test_reloading_repairs_edited_rows(districts):
    District.objects.filter(slug="lucknow").update(name_hi="")
    call_command("load_districts", verbosity=0)
    assert District.objects.get(slug="lucknow").name_hi == "लखनऊ"
