"""The products artisans list, their photos, and curators' picks and collections."""

from decimal import Decimal

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.upload_names import product_photo_upload_to
from districts.models import Craft, District, GITag
from kernel.i18n import TranslatedMixin

#: Columns a product card does not need (see ``ProductQuerySet.cards``).
CARD_DEFERRED_FIELDS = (
    "search_vector",
    "rating_distribution",
    "description",
    "description_hi",
    "materials",
    "materials_hi",
    "district__story",
    "district__story_hi",
    "craft__description",
    "craft__description_hi",
    "seller__story",
    "seller__story_hi",
    "seller__udyam_number",
    "seller__gstin",
    "seller__pan",
    "seller__bank_account_number",
    "seller__account_holder_name",
    "seller__ifsc",
    "seller__rejection_reason",
)


class ProductQuerySet(models.QuerySet):
    def live(self):
        """What the public may see: published, by an approved artisan."""
        return self.filter(status=Product.Status.PUBLISHED, seller__status="approved")

    def for_listing(self):
        """Everything a product card shows, in a fixed number of queries."""
        return self.select_related("district", "craft", "seller").prefetch_related(
            models.Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))
        )

    def cards(self):
        """``for_listing()`` without the columns a card never shows.

        Lists of 24–48 products would otherwise carry every search vector and description,
        and decrypt every artisan's KYC fields, on each page view.
        """
        return self.for_listing().defer(*CARD_DEFERRED_FIELDS)


class Product(TranslatedMixin, models.Model):
    """An item an artisan sells. Price includes GST; stock never goes below zero."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Fulfilment(models.TextChoices):
        READY = "ready", _("Ready to ship")
        MADE_TO_ORDER = "made_to_order", _("Made to order")

    seller = models.ForeignKey(
        "sellers.SellerProfile",
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("artisan"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="products", verbose_name=_("district")
    )
    craft = models.ForeignKey(
        Craft, on_delete=models.PROTECT, related_name="products", verbose_name=_("craft")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_hi = models.CharField(_("title (Hindi)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_hi = models.TextField(_("description (Hindi)"), blank=True)
    price = models.DecimalField(
        _("price (₹, GST included)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1.00"))],
    )
    stock = models.PositiveIntegerField(_("stock"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    materials = models.CharField(_("materials"), max_length=200, blank=True)
    materials_hi = models.CharField(_("materials (Hindi)"), max_length=200, blank=True)
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), null=True, blank=True)
    length_cm = models.DecimalField(
        _("length (cm)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    width_cm = models.DecimalField(
        _("width (cm)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    height_cm = models.DecimalField(
        _("height (cm)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    fulfilment = models.CharField(
        _("fulfilment"), max_length=16, choices=Fulfilment.choices, default=Fulfilment.READY
    )
    processing_days = models.PositiveSmallIntegerField(_("days to make"), default=0)
    gi_tag = models.ForeignKey(
        GITag,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("GI tag claimed"),
    )
    gi_verified = models.BooleanField(_("GI claim verified by staff"), default=False)
    search_vector = SearchVectorField(null=True, editable=False)
    #: Published reviews (engagement keeps these current through
    #: ``catalog.services.set_rating_totals``, in the transaction that changes a review).
    rating_count = models.PositiveIntegerField(_("reviews"), default=0, editable=False)
    rating_sum = models.PositiveIntegerField(_("sum of ratings"), default=0, editable=False)
    #: {"1": n, ..., "5": n}: how many published reviews gave each rating.
    rating_distribution = models.JSONField(
        _("ratings by stars"), default=dict, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    #: The product page says "Only N left" at this stock or below (and the cache scope
    #: trigger of migration 0013 invalidates the page only for changes at or below it).
    FEW_LEFT = 5

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="product_stock_gte_0"),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="product_price_gt_0"),
            models.CheckConstraint(
                condition=models.Q(rating_sum__gte=models.F("rating_count"))
                & models.Q(rating_sum__lte=models.F("rating_count") * 5),
                name="product_rating_sum_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "status", "-created_at"]),
            models.Index(fields=["craft", "status", "-created_at"]),
            models.Index(fields=["seller", "status"]),
        ]

    def __str__(self) -> str:
        return self.title or self.title_hi or self.slug

    def get_absolute_url(self) -> str:
        return reverse("catalog:product", kwargs={"slug": self.slug})

    @property
    def display_title(self) -> str:
        """Title in the active language; either language when only one was written."""
        return self.tr("title")

    @property
    def in_stock(self) -> bool:
        """Can be ordered now. For made-to-order work, stock is how many more the artisan
        can take on, so the same rule holds: orders never exceed what can be delivered."""
        return self.stock > 0

    @property
    def rating_average(self) -> Decimal | None:
        """The mean of the published reviews' ratings to one decimal, None without reviews."""
        if not self.rating_count:
            return None
        return (Decimal(self.rating_sum) / self.rating_count).quantize(Decimal("0.1"))

    def rating_bars(self) -> list[tuple[int, int, int]]:
        """(stars, count, percent of reviews) from 5 stars down to 1."""
        counts = self.rating_distribution or {}
        total = self.rating_count or 1
        return [
            (
                stars,
                int(counts.get(str(stars), 0)),
                round(100 * int(counts.get(str(stars), 0)) / total),
            )
            for stars in range(5, 0, -1)
        ]

    @property
    def has_verified_gi(self) -> bool:
        return self.gi_tag_id is not None and self.gi_verified


class ProductImage(TranslatedMixin, models.Model):
    """A product photo: the metadata-free original plus WebP and JPEG renditions."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be processed")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    original = models.ImageField(_("photo"), upload_to=product_photo_upload_to)
    alt_text = models.CharField(_("description of the photo"), max_length=200, blank=True)
    alt_text_hi = models.CharField(
        _("description of the photo (Hindi)"), max_length=200, blank=True
    )
    state = models.CharField(
        _("processing state"),
        max_length=10,
        choices=State.choices,
        default=State.PENDING,
        db_index=True,
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    #: {"320": {"webp": "<storage name>", "jpeg": "<storage name>", "height": 240}, ...}
    renditions = models.JSONField(_("renditions"), default=dict, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.product} #{self.position}"

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    # Renditions are the only files of a photo ever shown: the original keeps whatever the
    # artisan uploaded (GPS included) until processing replaces it, so it is never linked.

    def ready_renditions(self) -> list[tuple[int, dict]]:
        """(actual width, entry) per distinct rendition, narrowest first; [] unless ready.

        Entries are keyed by the configured width but carry the real ``width`` (smaller
        when the photo itself was narrower), so several keys can share one file.
        """
        if not self.is_ready or not self.renditions:
            return []
        by_width: dict[int, dict] = {}
        for key, entry in self.renditions.items():
            if not isinstance(entry, dict):
                continue
            try:
                width = int(entry.get("width") or key)
            except (TypeError, ValueError):
                continue
            by_width.setdefault(width, entry)
        return sorted(by_width.items(), key=lambda item: item[0])

    def rendition_url(self, entry: dict, image_format: str = "jpeg") -> str:
        name = entry.get(image_format)
        return self.original.storage.url(name) if name else ""

    def srcset(self, image_format: str) -> str:
        """``srcset`` text ("<url> 320w, <url> 640w, ...") of the ready renditions."""
        return ", ".join(
            f"{self.rendition_url(entry, image_format)} {width}w"
            for width, entry in self.ready_renditions()
            if entry.get(image_format)
        )

    def thumbnail_url(self) -> str:
        """The smallest JPEG rendition, or "" while the photo is not ready."""
        renditions = self.ready_renditions()
        return self.rendition_url(renditions[0][1]) if renditions else ""

    def largest_url(self) -> str:
        """The largest JPEG rendition (for sharing and structured data), or ""."""
        renditions = self.ready_renditions()
        return self.rendition_url(renditions[-1][1]) if renditions else ""

    def stored_names(self) -> set[str]:
        """Every storage name the photo uses: its original and all its renditions."""
        names = {self.original.name} if self.original else set()
        for entry in (self.renditions or {}).values():
            if isinstance(entry, dict):
                names |= {entry[fmt] for fmt in ("webp", "jpeg") if entry.get(fmt)}
        return names


class FeaturedProduct(models.Model):
    """A product curators pin to the top of its district's microsite, in their order."""

    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        related_name="featured_entries",
        verbose_name=_("district"),
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, verbose_name=_("product"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("featured product")
        verbose_name_plural = _("featured products")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "product"], name="featuredproduct_unique_per_district"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district}: {self.product}"


class Collection(TranslatedMixin, models.Model):
    """A curated, ordered set of products, such as a festival showcase."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_hi = models.CharField(_("title (Hindi)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_hi = models.TextField(_("description (Hindi)"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    position = models.PositiveSmallIntegerField(_("position on the home page"), default=0)
    products = models.ManyToManyField(
        Product, through="CollectionItem", related_name="collections", verbose_name=_("products")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:collection", kwargs={"slug": self.slug})


class CollectionItem(models.Model):
    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="items", verbose_name=_("collection")
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, verbose_name=_("product"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "product"], name="collectionitem_unique_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.collection}: {self.product}"


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def on_or_after(self, day):
        """Published events not over by ``day`` (on now or still to come), soonest first."""
        return self.published().filter(ends_on__gte=day).order_by("starts_on", "pk")


class Event(TranslatedMixin, models.Model):
    """A fair or mela where ODOP products are shown, such as the Mahakumbh ODOP pavilion.

    Whether it is upcoming, on now or past follows from its dates in India time, so it
    never needs changing by hand; ``is_published`` decides whether the public sees it.
    """

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        ON_NOW = "on_now", _("On now")
        PAST = "past", _("Past")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_hi = models.CharField(_("name (Hindi)"), max_length=200, blank=True)
    summary = models.CharField(_("one-line summary"), max_length=240, blank=True)
    summary_hi = models.CharField(_("one-line summary (Hindi)"), max_length=240, blank=True)
    story = models.TextField(_("story"), blank=True)
    story_hi = models.TextField(_("story (Hindi)"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200)
    venue_hi = models.CharField(_("venue (Hindi)"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=120)
    city_hi = models.CharField(_("town or city (Hindi)"), max_length=120, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    hero_image = models.ImageField(_("hero image"), upload_to="events/", blank=True)
    districts = models.ManyToManyField(
        District, related_name="events", blank=True, verbose_name=_("districts taking part")
    )
    artisans = models.ManyToManyField(
        "sellers.SellerProfile",
        related_name="events",
        blank=True,
        verbose_name=_("artisans taking part"),
    )
    products = models.ManyToManyField(
        Product, related_name="events", blank=True, verbose_name=_("products shown")
    )
    collection = models.ForeignKey(
        Collection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("collection shown"),
    )
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["is_published", "ends_on"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:event", kwargs={"slug": self.slug})

    def status_on(self, day) -> str:
        if day < self.starts_on:
            return self.Status.UPCOMING
        if day > self.ends_on:
            return self.Status.PAST
        return self.Status.ON_NOW

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label
