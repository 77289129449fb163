"""Recompute every product's search vector and the search vocabulary (PostgreSQL only).

The vocabulary (catalog_search_word) only grows as products change; rebuilding empties it
first, so words no product uses any more stop being offered as corrections.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

BATCH = 5000


class Command(BaseCommand):
    help = "Rebuild every product's search vector and the misspelling vocabulary."

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("Not PostgreSQL: search uses the plain fallback, nothing to rebuild.")
            return
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE catalog_search_word")
        total = 0
        last_id = 0
        while True:
            # Touching a column the trigger listens to makes it rebuild both columns.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE catalog_product SET title = title WHERE id IN ("
                    " SELECT id FROM catalog_product WHERE id > %s ORDER BY id LIMIT %s"
                    ") RETURNING id",
                    [last_id, BATCH],
                )
                ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                break
            total += len(ids)
            last_id = max(ids)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the search index of {total} products."))
