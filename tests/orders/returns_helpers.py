"""Delivered orders and real photos for the returns tests."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from orders.models import PackingPhoto, SubOrder
from orders.returns import save_photos
from orders.services import transition_suborder
from tests.orders.conftest import order_for


def jpeg(name: str = "photo.jpg", size=(800, 700), *, gps: bool = False) -> SimpleUploadedFile:
    """A real JPEG big enough to pass upload checks; with ``gps`` it carries a GPS tag."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (170, 60, 40))
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (25.0, 19.0, 0.0), 3: "E", 4: (83.0, 0.0, 0.0)}
    image.save(buffer, "JPEG", quality=80, exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def deliver(suborder: SubOrder, *, days_ago: int = 0, packing_photos=()) -> SubOrder:
    """Accept, ship and deliver a sub-order, delivered ``days_ago`` days ago (India time)."""
    artisan = suborder.seller.user
    transition_suborder(suborder=suborder, to_status="accepted", by=artisan)
    if packing_photos:
        save_photos(PackingPhoto, packing_photos, suborder=suborder)
    transition_suborder(
        suborder=suborder,
        to_status="shipped",
        by=artisan,
        courier="India Post",
        tracking_number="EE123456789IN",
    )
    transition_suborder(suborder=suborder, to_status="delivered", by=artisan)
    when = timezone.now() - timedelta(days=days_ago)
    SubOrder.objects.filter(pk=suborder.pk).update(delivered_at=when)
    suborder.refresh_from_db()
    return suborder


def delivered_order(buyer, *products_and_quantities, days_ago: int = 0, packing_photos=()):
    order = order_for(buyer, *products_and_quantities)
    for suborder in order.suborders.order_by("pk"):
        deliver(suborder, days_ago=days_ago, packing_photos=packing_photos)
    return order


COD_PAYOUT = {"upi_id": "asha.devi@okaxis"}
