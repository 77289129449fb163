"""Reviews from verified buyers, saved products (wishlists) and back-in-stock alerts.

The catalogue never imports this app: the rating figures its pages show are columns of
``catalog.Product`` that ``engagement.services`` keeps current in the same transaction.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: A review can be edited this many days after it was written.
EDIT_DAYS = 30
MAX_REVIEW_PHOTOS = 3


class Review(models.Model):
    """A buyer's rating (1–5), text and photos for one delivered order line.

    One review per order line (a unique constraint). Published at once; staff hide one by
    clearing ``is_published``, which takes it out of the product's average. The artisan
    may reply once, publicly (``reply`` and ``replied_at``).
    """

    order_line = models.OneToOneField(
        "orders.OrderLine",
        on_delete=models.PROTECT,
        related_name="review",
        verbose_name=_("order line"),
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("product"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("buyer"),
    )
    #: What the page shows as the reviewer's name: their first name, never their email
    #: ("" shows as "A buyer" in the reader's language).
    author_name = models.CharField(_("name shown"), max_length=60, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("review"), max_length=4000, blank=True)
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    hidden_reason = models.CharField(_("why it was hidden"), max_length=300, blank=True)
    #: Ready photos, in order: [{"thumb": <storage name>, "large": <storage name>,
    #: "width": int, "height": int}], written by the photo task so a page of reviews is
    #: one query.
    photos = models.JSONField(_("photos"), default=list, blank=True, editable=False)
    has_photos = models.BooleanField(_("has photos"), default=False, editable=False)
    reply = models.TextField(_("artisan's reply"), max_length=2000, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    report_count = models.PositiveIntegerField(_("open reports"), default=0, editable=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["product", "is_published", "-created_at"]),
            models.Index(fields=["product", "is_published", "-has_photos", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.product_id} by {self.author_name or self.author_id}"

    def photo_urls(self) -> list[dict]:
        """[{"thumb": url, "large": url, "width": w, "height": h}] of the ready photos."""
        storage = ReviewPhoto._meta.get_field("original").storage
        return [
            {
                "thumb": storage.url(photo["thumb"]),
                "large": storage.url(photo["large"]),
                "width": photo.get("width"),
                "height": photo.get("height"),
            }
            for photo in self.photos or []
            if photo.get("thumb") and photo.get("large")
        ]


class ReviewPhoto(models.Model):
    """An uploaded review photo: stored as sent, then cleaned (no metadata) by a task."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be processed")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="uploads", verbose_name=_("review")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    original = models.ImageField(_("photo"), upload_to="reviews/uploads/%Y/%m/")
    state = models.CharField(
        _("processing state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    #: {"thumb": name, "large": name, "width": int, "height": int} once ready.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review photo")
        verbose_name_plural = _("review photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.review_id} #{self.position}"


class ReviewReport(models.Model):
    """Someone signed in flagged a review; curators see open reports in the admin."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="reports", verbose_name=_("review")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    is_resolved = models.BooleanField(_("dealt with"), default=False)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reporter"], name="reviewreport_once_per_reporter"
            )
        ]

    def __str__(self) -> str:
        return f"report on review {self.review_id}"


class WishlistItem(models.Model):
    """A product a signed-in shopper saved. Anonymous shoppers' lists live in the session
    and are merged into these rows at sign-in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="wishlist_items",
        verbose_name=_("shopper"),
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    added_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved product")
        verbose_name_plural = _("saved products")
        ordering = ["-added_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="wishlistitem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.product_id}"


class StockAlert(models.Model):
    """ "Tell me when it is back": notified once, on the first restock after it was asked.

    At most one waiting alert per shopper and product (a partial unique constraint);
    ``notified_at`` is stamped under a row lock in the transaction that queues the notice,
    so two restocks racing notify each shopper once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="stock_alerts",
        verbose_name=_("shopper"),
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product"),
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("back-in-stock alert")
        verbose_name_plural = _("back-in-stock alerts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "product"],
                condition=models.Q(notified_at__isnull=True),
                name="stockalert_one_waiting",
            )
        ]
        indexes = [
            models.Index(
                fields=["product"],
                condition=models.Q(notified_at__isnull=True),
                name="stockalert_waiting_idx",
            )
        ]

    def __str__(self) -> str:
        return f"alert {self.user_id} → {self.product_id}"


class Notice(models.Model):
    """A message to a shopper, written in the transaction that causes it (the outbox).

    ``channel`` says how it goes (email today; SMS and WhatsApp are one more sender in
    ``engagement.channels``). ``dedupe_key`` makes each notice unique; the send task claims
    the row under a lock and stamps ``sent_at`` in the same transaction.
    """

    class Kind(models.TextChoices):
        BACK_IN_STOCK = "back_in_stock", _("Back in stock")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.EMAIL
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    language = models.CharField(_("language"), max_length=2, default="en")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    dedupe_key = models.CharField(_("dedupe key"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.dedupe_key
