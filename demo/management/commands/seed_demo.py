"""manage.py seed_demo: a deterministic, offline demo catalogue (safe to run again)."""

import time

from django.core.management.base import BaseCommand

from demo.bulk import seed_bulk_products
from demo.seed import image_processor, seed_demo


class Command(BaseCommand):
    help = (
        "Create demo artisans, products with photos, collections and demo logins for every "
        "district. Idempotent. --products N adds N bulk products for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--products", type=int, default=0, help="also make N bulk products (benchmarks)"
        )
        parser.add_argument(
            "--districts", default="", help="only these district slugs, comma-separated"
        )

    def handle(self, *args, products: int, districts: str, verbosity: int, **options):
        started = time.monotonic()
        log = self.stdout.write if verbosity > 0 else (lambda message: None)
        if verbosity > 0:
            self.stdout.write(
                "Seeding the demo catalogue. The first run draws and processes about 500 "
                "photos, which takes a few minutes; later runs only check what is there."
            )
        slugs = [slug.strip() for slug in districts.split(",") if slug.strip()]
        result = seed_demo(district_slugs=slugs or None, log=log)
        self.stdout.write(
            f"Demo catalogue: {result.districts} districts, {result.artisans} artisans, "
            f"{result.products_created} new products, {result.images_created} new photos "
            f"({result.images_processed} processed)."
        )
        if image_processor() is None:
            self.stdout.write(
                self.style.WARNING(
                    "catalog.images is not installed: photos stay pending (placeholders shown)."
                )
            )
        if products > 0:
            bulk_started = time.monotonic()
            created = seed_bulk_products(products, log=self.stdout.write)
            self.stdout.write(
                f"Bulk: {created} new products (of {products}) in "
                f"{time.monotonic() - bulk_started:.1f} s."
            )
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s. Demo logins:")
        for role, email, password in result.logins:
            self.stdout.write(self.style.SUCCESS(f"  {role:<20} {email:<24} {password}"))
