"""``manage.py run_payouts``: accrue, then group what is payable into payouts."""

from django.core.management.base import BaseCommand

from payments.payouts import run_payouts


class Command(BaseCommand):
    help = "Run payouts now: what is payable, one payout per artisan."

    def handle(self, *args, **options):
        run = run_payouts()
        self.stdout.write(f"Run {run.pk} ({run.method}): {run.payout_count} payouts, {run.total}")
