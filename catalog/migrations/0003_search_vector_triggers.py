"""Search: pg_trgm, GIN indexes and the triggers that keep product search data correct.

On PostgreSQL a BEFORE INSERT/UPDATE trigger on catalog_product builds ``search_vector``
from the product's own text and the names of its district, craft and artisan, and adds the
words of its titles and names to ``catalog_search_word``, the vocabulary that misspelt
query words are corrected against by trigram similarity (GIN gin_trgm_ops index). AFTER
UPDATE triggers on those three tables touch their products when a name changes, so admin
edits, bulk inserts and raw SQL all keep the vectors correct without any Python involved.

Why a vocabulary rather than trigram matching on every product row: trigram operators on
the products themselves are estimated badly by the planner (it then chose sequential scans
computing word_similarity on all 50,000 rows: seconds) and their selectivity estimation
alone cost ~25 ms of planning. Correcting the few query words against a few thousand
distinct words is sub-millisecond, and the product query stays a pure GIN full-text match.
The vocabulary only grows; a stale word costs nothing but an extra alternative.

Text search configurations: every text goes in under 'simple' (lower-case, no stemming,
no stop words), which is what Hindi needs — the English stemmer would mangle Devanagari
and transliterated words alike ("banarasi", "chikankari"). English titles and descriptions
also go in under 'english' so that plurals and inflections ("sarees", "kurtas") still meet
their singular. Weights: A titles, B craft/district/artisan names, C description and
materials.

On SQLite (the quick start) none of this exists; search falls back to icontains.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

PRODUCT_FUNCTION = """
CREATE OR REPLACE FUNCTION catalog_product_search_refresh() RETURNS trigger AS $$
DECLARE
    d_name text; d_name_hi text; c_name text; c_name_hi text; s_name text; s_name_hi text;
BEGIN
    SELECT name, name_hi INTO d_name, d_name_hi FROM catalog_district WHERE id = NEW.district_id;
    SELECT name, name_hi INTO c_name, c_name_hi FROM catalog_craft WHERE id = NEW.craft_id;
    SELECT display_name, display_name_hi INTO s_name, s_name_hi
        FROM sellers_sellerprofile WHERE id = NEW.seller_id;
    -- NFKC, as the query is normalised in Python: "ड़" typed as one code point or two.
    NEW.search_vector :=
        setweight(to_tsvector('simple', normalize(concat_ws(' ', NEW.title, NEW.title_hi), NFKC)), 'A')
        || setweight(to_tsvector('english', normalize(concat_ws(' ', NEW.title), NFKC)), 'A')
        || setweight(to_tsvector('simple', normalize(concat_ws(' ',
               c_name, c_name_hi, d_name, d_name_hi, s_name, s_name_hi), NFKC)), 'B')
        || setweight(to_tsvector('simple', normalize(concat_ws(' ',
               NEW.description, NEW.description_hi, NEW.materials, NEW.materials_hi), NFKC)), 'C')
        || setweight(to_tsvector('english', normalize(concat_ws(' ',
               NEW.description, NEW.materials), NFKC)), 'C');
    INSERT INTO catalog_search_word (word)
        SELECT lexeme FROM unnest(to_tsvector('simple', normalize(concat_ws(' ',
            NEW.title, NEW.title_hi, c_name, c_name_hi, d_name, d_name_hi), NFKC)))
        WHERE char_length(lexeme) >= 3
        ON CONFLICT DO NOTHING;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_product_search_refresh
    BEFORE INSERT OR UPDATE OF title, title_hi, description, description_hi, materials,
        materials_hi, district_id, craft_id, seller_id, search_vector
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

TABLES_AND_INDEXES = """
CREATE TABLE catalog_search_word (word text PRIMARY KEY);
CREATE INDEX catalog_search_word_trgm ON catalog_search_word USING gin (word gin_trgm_ops);
CREATE INDEX catalog_product_search_vector_gin ON catalog_product USING gin (search_vector);
CREATE INDEX sellers_sellerprofile_name_trgm
    ON sellers_sellerprofile USING gin (display_name gin_trgm_ops, display_name_hi gin_trgm_ops);
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
DROP TABLE IF EXISTS catalog_search_word;
DROP INDEX IF EXISTS sellers_sellerprofile_name_trgm;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TABLES_AND_INDEXES)
    schema_editor.execute(PRODUCT_FUNCTION)
    for name, table, fk, a, b in CASCADES:
        schema_editor.execute(
            CASCADE_TEMPLATE.format(name=name, table=table, fk=fk, a=a, b=b)
        )
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
        migrations.RunPython(install, uninstall),
    ]
