"""District, Craft, GITag and ODOPProduct move here from catalog (the reference-data layer).

The tables stay where they are (``db_table`` keeps catalog's names), so this migration
only changes Django's state, then relabels the models' content types, which keeps every
permission granted on them (the staff roles) and every admin log entry pointing at them.
It runs after the staff roles were granted on the catalog labels (sellers 0003) and
before catalog and sellers point their foreign keys here (their migrations 0007 and 0004).
"""

import django.db.models.deletion
import kernel.i18n
from django.db import migrations, models

MODELS = ("craft", "district", "gitag", "odopproduct")


def relabel_content_types(apps, schema_editor, *, old: str, new: str) -> None:
    """Point the models' content types (and so their permissions) at the new app label."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MODELS:
        moving = ContentType.objects.filter(app_label=old, model=model).first()
        if moving is None:
            continue
        stale = ContentType.objects.filter(app_label=new, model=model).first()
        if stale is not None:  # created by a post_migrate run in between: keep the old one
            Permission.objects.filter(content_type=stale).delete()
            stale.delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])


def forwards(apps, schema_editor) -> None:
    relabel_content_types(apps, schema_editor, old="catalog", new="districts")


def backwards(apps, schema_editor) -> None:
    relabel_content_types(apps, schema_editor, old="districts", new="catalog")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("catalog", "0006_product_newest_index"),
        ("sellers", "0003_staff_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Craft",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("slug", models.SlugField(max_length=80, unique=True, verbose_name="slug")),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        (
                            "name_hi",
                            models.CharField(
                                blank=True, max_length=120, verbose_name="name (Hindi)"
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "description_hi",
                            models.TextField(blank=True, verbose_name="description (Hindi)"),
                        ),
                    ],
                    options={
                        "verbose_name": "craft",
                        "verbose_name_plural": "crafts",
                        "db_table": "catalog_craft",
                        "ordering": ["name"],
                    },
                    bases=(kernel.i18n.TranslatedMixin, models.Model),
                ),
                migrations.CreateModel(
                    name="District",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("slug", models.SlugField(max_length=80, unique=True, verbose_name="slug")),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        (
                            "name_hi",
                            models.CharField(
                                blank=True, max_length=120, verbose_name="name (Hindi)"
                            ),
                        ),
                        (
                            "division",
                            models.CharField(db_index=True, max_length=80, verbose_name="division"),
                        ),
                        (
                            "division_hi",
                            models.CharField(
                                blank=True, max_length=80, verbose_name="division (Hindi)"
                            ),
                        ),
                        (
                            "headline",
                            models.CharField(blank=True, max_length=200, verbose_name="headline"),
                        ),
                        (
                            "headline_hi",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="headline (Hindi)"
                            ),
                        ),
                        ("story", models.TextField(blank=True, verbose_name="story of the craft")),
                        (
                            "story_hi",
                            models.TextField(blank=True, verbose_name="story of the craft (Hindi)"),
                        ),
                        (
                            "hero_image",
                            models.ImageField(
                                blank=True, upload_to="districts/", verbose_name="hero image"
                            ),
                        ),
                        (
                            "is_featured",
                            models.BooleanField(
                                default=False, verbose_name="featured on the home page"
                            ),
                        ),
                        (
                            "featured_order",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="featured order"
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "verbose_name": "district",
                        "verbose_name_plural": "districts",
                        "db_table": "catalog_district",
                        "ordering": ["name"],
                    },
                    bases=(kernel.i18n.TranslatedMixin, models.Model),
                ),
                migrations.CreateModel(
                    name="GITag",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "slug",
                            models.SlugField(max_length=120, unique=True, verbose_name="slug"),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "name_hi",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="name (Hindi)"
                            ),
                        ),
                        (
                            "registration_number",
                            models.CharField(
                                blank=True, max_length=40, verbose_name="registration number"
                            ),
                        ),
                        (
                            "districts",
                            models.ManyToManyField(
                                blank=True,
                                related_name="gi_tags",
                                to="districts.district",
                                verbose_name="districts",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "GI tag",
                        "verbose_name_plural": "GI tags",
                        "db_table": "catalog_gitag",
                        "ordering": ["name"],
                    },
                    bases=(kernel.i18n.TranslatedMixin, models.Model),
                ),
                migrations.CreateModel(
                    name="ODOPProduct",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "name_hi",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="name (Hindi)"
                            ),
                        ),
                        (
                            "year_designated",
                            models.PositiveSmallIntegerField(
                                default=2018, verbose_name="year designated"
                            ),
                        ),
                        (
                            "is_current",
                            models.BooleanField(default=True, verbose_name="on the current list"),
                        ),
                        (
                            "craft",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="odop_products",
                                to="districts.craft",
                                verbose_name="craft",
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="odop_products",
                                to="districts.district",
                                verbose_name="district",
                            ),
                        ),
                        (
                            "gi_tag",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="districts.gitag",
                                verbose_name="GI tag",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ODOP product",
                        "verbose_name_plural": "ODOP products",
                        "db_table": "catalog_odopproduct",
                        "ordering": ["district__name", "-is_current", "name"],
                    },
                    bases=(kernel.i18n.TranslatedMixin, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
