"""Search, fallback: the sound key of every vocabulary word, for Roman ↔ Devanagari matching.

``catalog_search_word.sound`` holds each vocabulary word's sound key
(``catalog.transliteration.sound_key``: a rough Roman spelling, whichever the script),
with a GIN trigram index, so that "ghoda" finds घोड़ा and "zardozzi" finds zardozi when
the full-text search finds too little (``catalog.search_fallback``). Keys are computed in
Python: this migration fills them for the words already there; the product trigger adds
new words without one (NULL, under a small partial index) and the fallback fills those
in before it looks. On SQLite nothing happens.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE catalog_search_word ADD COLUMN IF NOT EXISTS sound text;
CREATE INDEX IF NOT EXISTS catalog_search_word_sound_trgm
    ON catalog_search_word USING gin (sound gin_trgm_ops) WHERE sound <> '';
CREATE INDEX IF NOT EXISTS catalog_search_word_sound_missing
    ON catalog_search_word (word) WHERE sound IS NULL;
"""
BACKWARD = """
DROP INDEX IF EXISTS catalog_search_word_sound_trgm;
DROP INDEX IF EXISTS catalog_search_word_sound_missing;
ALTER TABLE catalog_search_word DROP COLUMN IF EXISTS sound;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FORWARD)
    from catalog.search_fallback import add_missing_sounds

    add_missing_sounds()


def vacuum(apps, schema_editor):
    """Filling the keys rewrote every row: without this, the trigram lookups on the
    vocabulary (corrections and sounds) take tens of milliseconds until autovacuum runs."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        schema_editor.execute("VACUUM ANALYZE catalog_search_word")


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    atomic = False  # for VACUUM; the keys are filled in one transaction all the same
    dependencies = [("catalog", "0008_product_photo_private_random_names")]

    operations = [
        migrations.RunPython(install, uninstall, atomic=True),
        migrations.RunPython(vacuum, migrations.RunPython.noop, atomic=False),
    ]
