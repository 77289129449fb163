"""Writes: reviews (and the product's rating columns), saved products, stock alerts.

Every function is keyword-only; those that write several rows are atomic. Background work
(photo cleaning, notices) is recorded with ``kernel.jobs.enqueue_after_commit``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.services import lock_product, set_rating_totals
from engagement.models import (
    EDIT_DAYS,
    MAX_REVIEW_PHOTOS,
    Review,
    ReviewPhoto,
    ReviewReport,
    WishlistItem,
)
from engagement.tasks import process_review_photo
from kernel.jobs import enqueue_after_commit
from orders.models import OrderLine, SubOrder
from orders.services import add_to_cart, get_or_create_cart

#: At most this many reviews per user per hour (a flood guard, counted in the cache).
REVIEWS_PER_HOUR = 5
SESSION_WISHLIST = "wishlist"
#: An anonymous wishlist is capped so that a session cannot grow without bound.
SESSION_WISHLIST_MAX = 200


class ReviewError(Exception):
    """A review was refused; ``message`` is for the person, in their language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Reviews ------------------------------------------------------------------------


def reviewable_line(*, user, line_id: int) -> OrderLine:
    """The user's own delivered, not yet reviewed order line, or ReviewError.

    Whatever the form or a crafted post says, this is the check: the order is the user's,
    the artisan's part of it was delivered, and the product still exists.
    """
    line = (
        OrderLine.objects.select_related("suborder__order", "product")
        .filter(
            pk=line_id,
            suborder__order__buyer_id=user.pk,
            suborder__status=SubOrder.Status.DELIVERED,
            product__isnull=False,
        )
        .first()
    )
    if line is None:
        raise ReviewError(_("You can review a product once it has been delivered to you."))
    if Review.objects.filter(order_line_id=line.pk).exists():
        raise ReviewError(_("You have already reviewed this purchase. You can edit your review."))
    return line


def _check_rate(user) -> None:
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"engagement:reviews:{user.pk}:{hour}"
    cache.add(key, 0, 60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 60 * 60)
        count = 1
    if count > REVIEWS_PER_HOUR:
        raise ReviewError(
            _("You have written many reviews in the last hour. Please try again later.")
        )


def _author_name(user) -> str:
    """The first name the buyer gave, never their email; "" shows as "A buyer"."""
    name = (user.get_short_name() or "").strip()
    return "" if "@" in name else name[:60]


def refresh_product_rating(*, product_id: int) -> None:
    """Recount the product's published reviews into its rating columns (product locked)."""
    lock_product(product_id=product_id)
    ratings = dict(
        Review.objects.filter(product_id=product_id, is_published=True)
        .order_by()
        .values("rating")
        .annotate(n=Count("pk"))
        .values_list("rating", "n")
    )
    set_rating_totals(product_id=product_id, ratings=ratings)


def create_review(
    *, author, line_id: int, rating: int, text: str, photos: Sequence[UploadedFile] = ()
) -> Review:
    """Publish a verified buyer's review of one order line; refused with ReviewError.

    One review per line (also a unique constraint); at most three photos, cleaned by a
    task after commit; the product's average and count change in the same transaction.
    """
    if len(photos) > MAX_REVIEW_PHOTOS:
        raise ReviewError(_("A review can have at most 3 photos."))
    line = reviewable_line(user=author, line_id=line_id)
    _check_rate(author)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                order_line=line,
                product_id=line.product_id,
                author=author,
                author_name=_author_name(author),
                rating=rating,
                text=text,
            )
            _save_photos(review, photos)
            refresh_product_rating(product_id=line.product_id)
    except IntegrityError:
        raise ReviewError(
            _("You have already reviewed this purchase. You can edit your review.")
        ) from None
    return review


def can_edit(review: Review) -> bool:
    return timezone.now() - review.created_at <= timedelta(days=EDIT_DAYS)


@transaction.atomic
def update_review(
    *, review: Review, author, rating: int, text: str, photos: Sequence[UploadedFile] = ()
) -> Review:
    """Change one's own review within 30 days; new photos are added up to three."""
    if review.author_id != author.pk:
        raise ReviewError(_("You can only edit your own review."))
    if not can_edit(review):
        raise ReviewError(_("A review can be edited for 30 days after it was written."))
    if review.uploads.count() + len(photos) > MAX_REVIEW_PHOTOS:
        raise ReviewError(_("A review can have at most 3 photos."))
    review.rating = rating
    review.text = text
    review.save(update_fields=["rating", "text", "updated_at"])
    _save_photos(review, photos)
    refresh_product_rating(product_id=review.product_id)
    return review


def _save_photos(review: Review, photos: Sequence[UploadedFile]) -> None:
    start = review.uploads.count()
    for offset, upload in enumerate(photos):
        photo = ReviewPhoto(review=review, position=start + offset)
        photo.original.save(upload.name, upload, save=False)
        photo.save()
        enqueue_after_commit(process_review_photo, photo.pk)


@transaction.atomic
def set_review_published(*, review: Review, is_published: bool, reason: str = "") -> bool:
    """Staff hide (or show again) a review; a hidden one leaves the product's average."""
    if review.is_published == is_published:
        return False
    review.is_published = is_published
    review.hidden_reason = "" if is_published else reason[:300]
    if not is_published:
        review.report_count = 0
        review.reports.update(is_resolved=True)
    review.save(update_fields=["is_published", "hidden_reason", "report_count", "updated_at"])
    refresh_product_rating(product_id=review.product_id)
    return True


@transaction.atomic
def dismiss_reports(*, review: Review) -> None:
    """Curators found nothing wrong: close the open reports, keep the review."""
    review.reports.update(is_resolved=True)
    Review.objects.filter(pk=review.pk).update(report_count=0)


def report_review(*, review: Review, reporter, reason: str = "") -> bool:
    """Flag a review for curators; once per person. Returns whether a report was added."""
    try:
        with transaction.atomic():
            ReviewReport.objects.create(review=review, reporter=reporter, reason=reason[:300])
            Review.objects.filter(pk=review.pk).update(report_count=F("report_count") + 1)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def reply_to_review(*, review: Review, seller, text: str) -> Review:
    """The artisan's one public reply to a review of their product."""
    review = Review.objects.select_for_update().select_related("product").get(pk=review.pk)
    if review.product.seller_id != seller.pk:
        raise ReviewError(_("You can only reply to reviews of your own products."))
    if review.replied_at is not None:
        raise ReviewError(_("You have already replied to this review."))
    text = text.strip()
    if not text:
        raise ReviewError(_("Write a reply first."))
    review.reply = text
    review.replied_at = timezone.now()
    review.save(update_fields=["reply", "replied_at", "updated_at"])
    return review


# --- Wishlist -----------------------------------------------------------------------


def _session_ids(session) -> list[int]:
    ids = session.get(SESSION_WISHLIST) or []
    return [int(pk) for pk in ids if isinstance(pk, int)]


def saved_product_ids(*, user, session, among: Sequence[int] | None = None) -> set[int]:
    """Which products the visitor saved (of ``among``, when given): one query signed in,
    none anonymous."""
    if user is not None and user.is_authenticated:
        items = WishlistItem.objects.filter(user=user)
        if among is not None:
            items = items.filter(product_id__in=list(among))
        return set(items.values_list("product_id", flat=True))
    ids = set(_session_ids(session))
    return ids & set(among) if among is not None else ids


def toggle_saved(*, user, session, product: Product) -> bool:
    """Save the product, or unsave it if it was saved. Returns whether it is saved now."""
    if user is not None and user.is_authenticated:
        deleted, _rows = WishlistItem.objects.filter(user=user, product=product).delete()
        if deleted:
            return False
        WishlistItem.objects.get_or_create(user=user, product=product)
        return True
    ids = _session_ids(session)
    if product.pk in ids:
        ids.remove(product.pk)
        saved = False
    else:
        ids = [product.pk, *ids][:SESSION_WISHLIST_MAX]
        saved = True
    session[SESSION_WISHLIST] = ids
    return saved


@transaction.atomic
def merge_wishlists(*, user, session) -> int:
    """At sign-in, move the anonymous session's saved products to the user's list."""
    ids = _session_ids(session)
    session.pop(SESSION_WISHLIST, None)
    if not ids:
        return 0
    existing = set(WishlistItem.objects.filter(user=user).values_list("product_id", flat=True))
    live = Product.objects.filter(pk__in=ids).values_list("pk", flat=True)
    new = [WishlistItem(user=user, product_id=pk) for pk in live if pk not in existing]
    WishlistItem.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def move_to_cart(*, user, session, product: Product) -> None:
    """Put one of the product in the cart and take it off the wishlist
    (``orders.services.CheckoutError`` if it cannot be had)."""
    with transaction.atomic():
        cart = get_or_create_cart(user=user, session=session)
        add_to_cart(cart=cart, product=product, quantity=1)
        if user is not None and user.is_authenticated:
            WishlistItem.objects.filter(user=user, product=product).delete()
    if not (user is not None and user.is_authenticated):
        session[SESSION_WISHLIST] = [pk for pk in _session_ids(session) if pk != product.pk]
