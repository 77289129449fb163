"""manage.py seed_scale --products N --orders M: bench data beyond what Python builds fast.

Seeds today's bench data the usual way (``seed_demo --products 50000``, ``seed_orders
--orders 20000``, or ``--base-products``/``--base-orders``), then copies it inside
PostgreSQL up to N products and M orders (demo/scale.py), gives the new products photos,
rebuilds the dashboard's rollups and refreshes the planner's statistics. PostgreSQL only.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from catalog.models import Product
from demo.bulk import ensure_artisans_for
from demo.scale import scale_orders, scale_products, share_photos
from orders import rollups


class Command(BaseCommand):
    help = "Seed N bulk products and M bulk orders, most of them copied inside PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, required=True)
        parser.add_argument("--orders", type=int, required=True)
        parser.add_argument("--base-products", type=int, default=50_000)
        parser.add_argument("--base-orders", type=int, default=20_000)
        parser.add_argument(
            "--districts", default="", help="demo photos for these district slugs only"
        )

    def handle(self, *args, products, orders, base_products, base_orders, districts, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale copies rows inside PostgreSQL: set DATABASE_URL.")
        base_products, base_orders = min(base_products, products), min(base_orders, orders)
        started = time.monotonic()

        def step(message: str) -> None:
            self.stdout.write(f"  {time.monotonic() - started:6.0f} s  {message}")
            self.stdout.flush()

        call_command("seed_demo", products=base_products, districts=districts, verbosity=0)
        step(f"{base_products} base products (seed_demo)")
        artisans = ensure_artisans_for(products)
        step(f"{len(artisans)} bulk artisans")
        step(f"{scale_products(base=base_products, total=products)} products copied")
        made = Product.objects.filter(slug__startswith="bulk-").count()
        if made < products:
            # A copy takes the words of a base product of its artisan's district: a base
            # too small to give every district an artisan leaves some districts out.
            self.stderr.write(f"Only {made} bulk products: raise --base-products.")
        step(f"{share_photos()} photos shared")
        call_command("seed_orders", orders=base_orders, verbosity=0)
        step(f"{base_orders} base orders (seed_orders)")
        step(f"{scale_orders(base=base_orders, total=orders)} orders copied")
        step(f"{rollups.rebuild()} district-days of sales rollups")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        step("analysed")
