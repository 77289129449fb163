"""Search, second design: misspellings corrected against a vocabulary, not product rows.

0003 matched misspellings with trigram operators on ``catalog_product.search_text``. At
50,000 products the planner misjudged those operators: it chose sequential scans that
computed word_similarity on every row (seconds per query) and their selectivity estimates
alone cost ~25 ms of planning. This migration replaces that with:

- ``catalog_search_word``: the distinct words of product titles and district/craft names
  (both scripts), fed by the product trigger, with a GIN trigram index. Each query word
  the catalogue does not use is corrected against it ("banarsi" → "banarasi") in one small
  query, and the product query stays a pure GIN full-text match.
- product text normalised to NFKC in the trigger, as queries are in Python, so nukta
  letters (ड़, ज़) match however they were typed;
- a trigram index on artisan names (the search page lists artisans by name);
- ``search_text`` and the trigram indexes of 0003 dropped.

Weights and configurations are unchanged: 'simple' for everything (no stemming, Hindi
intact), 'english' in addition for English titles and descriptions (plurals); A titles,
B craft/district/artisan names, C description and materials. On SQLite nothing happens.
"""

import importlib

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
"""

PRODUCT_TRIGGER = """
DROP TRIGGER IF EXISTS catalog_product_search_refresh ON catalog_product;
CREATE TRIGGER catalog_product_search_refresh
    BEFORE INSERT OR UPDATE OF title, title_hi, description, description_hi, materials,
        materials_hi, district_id, craft_id, seller_id, search_vector
    ON catalog_product
    FOR EACH ROW EXECUTE FUNCTION catalog_product_search_refresh();
"""

FORWARD = """
CREATE TABLE IF NOT EXISTS catalog_search_word (word text PRIMARY KEY);
CREATE INDEX IF NOT EXISTS catalog_search_word_trgm
    ON catalog_search_word USING gin (word gin_trgm_ops);
CREATE INDEX IF NOT EXISTS sellers_sellerprofile_name_trgm
    ON sellers_sellerprofile USING gin (display_name gin_trgm_ops, display_name_hi gin_trgm_ops);
DROP INDEX IF EXISTS catalog_product_search_text_trgm;
DROP INDEX IF EXISTS catalog_district_name_trgm;
DROP INDEX IF EXISTS catalog_craft_name_trgm;
"""

BACKWARD = """
DROP TABLE IF EXISTS catalog_search_word;
DROP INDEX IF EXISTS sellers_sellerprofile_name_trgm;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FORWARD)
    schema_editor.execute(PRODUCT_FUNCTION)
    schema_editor.execute(PRODUCT_TRIGGER)


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Every product gets its new vector, and the vocabulary its words.
        schema_editor.execute("UPDATE catalog_product SET title = title")


OLD_INDEXES = """
CREATE INDEX catalog_product_search_text_trgm
    ON catalog_product USING gin (search_text gin_trgm_ops);
CREATE INDEX catalog_district_name_trgm
    ON catalog_district USING gin ((lower(name || ' ' || name_hi)) gin_trgm_ops);
CREATE INDEX catalog_craft_name_trgm
    ON catalog_craft USING gin ((lower(name || ' ' || name_hi)) gin_trgm_ops);
"""


def uninstall(apps, schema_editor):
    """Back to 0003: its function and trigger (which write search_text), its indexes."""
    if schema_editor.connection.vendor != "postgresql":
        return
    first = importlib.import_module("catalog.migrations.0003_search_vector_triggers")
    schema_editor.execute(BACKWARD)
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS catalog_product_search_refresh ON catalog_product"
    )
    schema_editor.execute(first.PRODUCT_FUNCTION)
    schema_editor.execute(OLD_INDEXES)
    schema_editor.execute("UPDATE catalog_product SET title = title")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_search_vector_triggers"),
        ("sellers", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
        migrations.RemoveField(model_name="product", name="search_text"),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
