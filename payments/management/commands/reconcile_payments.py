"""Compare a day's payments and refunds with the gateway's and save the report."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from payments.reconciliation import reconcile


class Command(BaseCommand):
    help = "Reconcile one day (India time; default yesterday) with the payment gateway."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: yesterday)")

    def handle(self, *args, **options):
        try:
            day = (
                date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate() - timedelta(days=1)
            )
        except ValueError as exc:
            raise CommandError("Give the date as YYYY-MM-DD.") from exc
        report = reconcile(day=day)
        self.stdout.write(
            f"{day}: {report.gateway_payments} payments and {report.gateway_refunds} refunds "
            f"at the gateway, {report.our_payments} and {report.our_refunds} here, "
            f"{len(report.mismatches)} mismatches (report #{report.pk})."
        )
        for m in report.mismatches:
            self.stdout.write(
                f"  {m['kind']}: {m['entity']} {m['id']} "
                f"gateway={m.get('gateway_amount', '-')} here={m.get('our_amount', '-')}"
            )
