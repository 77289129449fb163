"""manage.py load_districts: the 75 districts, crafts, GI tags and ODOP products."""

from pathlib import Path

from django.core.management.base import BaseCommand

from districts.loader import DATA_FILE, load_district_data


class Command(BaseCommand):
    help = "Load or update UP's districts, crafts, GI tags and ODOP products (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="JSON data file")

    def handle(self, *args, file: Path, **options):
        result = load_district_data(path=file)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.districts} districts, {result.crafts} crafts, "
                f"{result.gi_tags} GI tags and {result.odop_products} ODOP products."
            )
        )
