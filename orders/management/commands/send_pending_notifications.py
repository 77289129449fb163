"""Send order emails left pending (for example when Redis was down at commit time)."""

from django.core.management.base import BaseCommand

from orders.models import Notification
from orders.tasks import send_notification


class Command(BaseCommand):
    help = "Send every order email still pending in the outbox, each at most once."

    def handle(self, *args, **options) -> None:
        ids = list(
            Notification.objects.filter(status=Notification.Status.PENDING).values_list(
                "pk", flat=True
            )
        )
        results = [send_notification.apply(args=[pk]).result for pk in ids]
        sent = sum(1 for r in results if r == "sent")
        self.stdout.write(f"{sent} sent, {len(ids) - sent} skipped or failed")
