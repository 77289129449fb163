"""``manage.py check_ledger``: exit 1 and list the problems if any ledger does not add up."""

from django.core.management.base import BaseCommand, CommandError

from payments.checks import check_ledger


class Command(BaseCommand):
    help = "Check that every artisan's ledger adds up to the orders, refunds and payouts."

    def handle(self, *args, **options):
        problems = check_ledger()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} ledger problem(s) found")
        self.stdout.write(self.style.SUCCESS("The ledger adds up."))
