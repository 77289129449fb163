"""Back-in-stock alerts and the notices they send.

A shopper asks on a sold-out product. Whatever puts stock back (the artisan's listing
form, a cancelled order, the admin), ``notify_back_in_stock`` finds it: the console calls it
as the artisan saves, and a periodic sweep (``engagement.tasks.sweep_stock_alerts``)
catches every other path. It locks the waiting alerts, stamps ``notified_at`` and writes
one outbox notice per alert in one transaction, so two restocks racing notify each shopper
once; the notice's unique ``dedupe_key`` is the last guard.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from engagement.models import Notice, StockAlert
from kernel.jobs import enqueue_after_commit


class AlertError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def ask_for_stock_alert(*, user, product: Product) -> StockAlert:
    """Ask to be told when a sold-out product is back; asking twice keeps one alert."""
    if product.in_stock:
        raise AlertError(_("This product is in stock: you can order it now."))
    try:
        with transaction.atomic():
            return StockAlert.objects.create(user=user, product=product)
    except IntegrityError:
        return StockAlert.objects.get(user=user, product=product, notified_at__isnull=True)


def cancel_stock_alert(*, user, product: Product) -> None:
    StockAlert.objects.filter(user=user, product=product, notified_at__isnull=True).delete()


@transaction.atomic
def notify_back_in_stock(*, product_id: int) -> int:
    """Notify everyone waiting for the product, once each, if it is in stock and on sale.

    Returns how many notices were queued. Safe to call any number of times, concurrently.
    """
    product = Product.objects.live().filter(pk=product_id, stock__gt=0).first()
    if product is None:
        return 0
    # FOR UPDATE re-checks "notified_at IS NULL" after waiting for a concurrent run, so
    # the second of two racing restocks finds nothing left to notify.
    alerts = list(
        StockAlert.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(product_id=product_id, notified_at__isnull=True)
        .order_by("pk")
    )
    if not alerts:
        return 0
    now = timezone.now()
    StockAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(notified_at=now)
    notices = Notice.objects.bulk_create(
        [
            Notice(
                kind=Notice.Kind.BACK_IN_STOCK,
                channel=Notice.Channel.EMAIL,
                recipient=alert.user,
                language=alert.user.preferred_language or "en",
                product_id=product_id,
                dedupe_key=f"back_in_stock:{alert.pk}",
            )
            for alert in alerts
        ]
    )
    from engagement.tasks import send_notice

    for notice in notices:
        enqueue_after_commit(send_notice, notice.pk)
    return len(notices)


def products_with_waiting_alerts_in_stock(limit: int = 500) -> list[int]:
    """Products someone waits for that are back on sale (for the sweep)."""
    waiting = StockAlert.objects.filter(notified_at__isnull=True).values("product_id")
    return list(
        Product.objects.live()
        .filter(pk__in=waiting, stock__gt=0)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
