"""manage.py rebuild_sales_rollups [--since YYYY-MM-DD]: recompute the dashboard's rollups."""

from datetime import date

from django.core.management.base import BaseCommand

from orders import rollups


class Command(BaseCommand):
    help = "Recompute the sales rollups per district and day from the orders (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("--since", type=date.fromisoformat, default=None)

    def handle(self, *args, since: date | None, **options):
        rows = rollups.rebuild(since=since)
        self.stdout.write(f"Sales rollups: {rows} district-days with sales.")
