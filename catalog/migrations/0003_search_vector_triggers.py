"""Search: pg_trgm, GIN indexes and the triggers that keep product search columns correct.

On PostgreSQL a BEFORE INSERT/UPDATE trigger on catalog_product builds ``search_vector``
and ``search_text`` from the product's own text and the names of its district, craft and
artisan. AFTER UPDATE triggers on those three tables touch their products when a name
changes, so admin edits, bulk inserts and raw SQL all keep the vectors correct without any
Python being involved.

Text search configurations: every text goes in under 'simple' (lower-case, no stemming,
no stop words), which is what Hindi needs — the English stemmer would mangle Devanagari
and transliterated words alike ("banarasi", "chikankari"). English titles and descriptions
also go in under 'english' so that plurals and inflections ("sarees", "kurtas") still meet
their singular. Weights: A titles, B craft/district/artisan names, C description and
materials.

On SQLite (the quick start) none of this exists; search falls back to icontains.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

PRODUCT_FUNCTION = """
CREATE OR REPLACE FUNCTION catalog_product_search_refresh() RETURNS trigger AS $$
DECLARE
    d_name text; d_name_hi text; c_name text; c_name_hi text; s_name text; s_name_hi text;
BEGIN
    SELECT name, name_hi INTO d_name, d_name_hi FROM catalog_district WHERE id = NEW.district_id;
    SELECT name, name_hi INTO c_name, c_name_hi FROM catalog_craft WHERE id = NEW.craft_id;
    SELECT display_name, display_name_hi INTO s_name, s_name_hi
        FROM sellers_sellerprofile WHERE id = NEW.seller_id;
    NEW.search_vector :=
        setweight(to_tsvector('simple', concat_ws(' ', NEW.title, NEW.title_hi)), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('simple', concat_ws(' ',
               c_name, c_name_hi, d_name, d_name_hi, s_name, s_name_hi)), 'B')
        || setweight(to_tsvector('simple', concat_ws(' ',
               NEW.description, NEW.description_hi, NEW.materials, NEW.materials_hi)), 'C')
        || setweight(to_tsvector('english', concat_ws(' ', NEW.description, NEW.materials)), 'C');
    NEW.search_text := lower(concat_ws(' ',
        NEW.title, NEW.title_hi, c_name, c_name_hi, d_name, d_name_hi));
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_product_search_refresh
    BEFORE INSERT OR UPDATE OF title, title_hi, description, description_hi, materials,
        materials_hi, district_id, craft_id, seller_id, search_vector, search_text
    ON catalog_product
    FOR EACH ROW EXECUTE FUNCTION catalog_product_search_refresh();
"""

# Touching the foreign key column fires the product trigger above for that set of products.
CASCADE_TEMPLATE = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    UPDATE catalog_product SET {fk} = {fk} WHERE {fk} = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER {name}
    AFTER UPDATE OF {a}, {b} ON {table}
    FOR EACH ROW
    WHEN (OLD.{a} IS DISTINCT FROM NEW.{a} OR OLD.{b} IS DISTINCT FROM NEW.{b})
    EXECUTE FUNCTION {name}();
"""

CASCADES = [
    ("catalog_district_search_cascade", "catalog_district", "district_id", "name", "name_hi"),
    ("catalog_craft_search_cascade", "catalog_craft", "craft_id", "name", "name_hi"),
    (
        "catalog_seller_search_cascade",
        "sellers_sellerprofile",
        "seller_id",
        "display_name",
        "display_name_hi",
    ),
]

INDEXES = """
CREATE INDEX catalog_product_search_vector_gin ON catalog_product USING gin (search_vector);
CREATE INDEX catalog_product_search_text_trgm
    ON catalog_product USING gin (search_text gin_trgm_ops);
CREATE INDEX catalog_district_name_trgm
    ON catalog_district USING gin ((lower(name || ' ' || name_hi)) gin_trgm_ops);
CREATE INDEX catalog_craft_name_trgm
    ON catalog_craft USING gin ((lower(name || ' ' || name_hi)) gin_trgm_ops);
"""

DROP = """
DROP TRIGGER IF EXISTS catalog_product_search_refresh ON catalog_product;
DROP FUNCTION IF EXISTS catalog_product_search_refresh();
DROP TRIGGER IF EXISTS catalog_district_search_cascade ON catalog_district;
DROP FUNCTION IF EXISTS catalog_district_search_cascade();
DROP TRIGGER IF EXISTS catalog_craft_search_cascade ON catalog_craft;
DROP FUNCTION IF EXISTS catalog_craft_search_cascade();
DROP TRIGGER IF EXISTS catalog_seller_search_cascade ON sellers_sellerprofile;
DROP FUNCTION IF EXISTS catalog_seller_search_cascade();
DROP INDEX IF EXISTS catalog_product_search_vector_gin;
DROP INDEX IF EXISTS catalog_product_search_text_trgm;
DROP INDEX IF EXISTS catalog_district_name_trgm;
DROP INDEX IF EXISTS catalog_craft_name_trgm;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(PRODUCT_FUNCTION)
    for name, table, fk, a, b in CASCADES:
        schema_editor.execute(
            CASCADE_TEMPLATE.format(name=name, table=table, fk=fk, a=a, b=b)
        )
    schema_editor.execute(INDEXES)
    # Products that existed before this migration get their vectors now.
    schema_editor.execute("UPDATE catalog_product SET title = title")


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_initial"),
        ("sellers", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="product",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(install, uninstall),
    ]
