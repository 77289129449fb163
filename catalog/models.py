"""Districts, their ODOP crafts and GI tags, and the products artisans list."""

from decimal import Decimal

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.upload_names import product_photo_upload_to
from odop_market.i18n import TranslatedMixin


class Craft(TranslatedMixin, models.Model):
    """A product category such as textiles, metal craft or wood craft."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_hi = models.CharField(_("name (Hindi)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_hi = models.TextField(_("description (Hindi)"), blank=True)

    class Meta:
        verbose_name = _("craft")
        verbose_name_plural = _("crafts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:craft", kwargs={"slug": self.slug})


class District(TranslatedMixin, models.Model):
    """One of Uttar Pradesh's 75 districts, with its microsite content."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_hi = models.CharField(_("name (Hindi)"), max_length=120, blank=True)
    division = models.CharField(_("division"), max_length=80, db_index=True)
    division_hi = models.CharField(_("division (Hindi)"), max_length=80, blank=True)
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    headline_hi = models.CharField(_("headline (Hindi)"), max_length=200, blank=True)
    story = models.TextField(_("story of the craft"), blank=True)
    story_hi = models.TextField(_("story of the craft (Hindi)"), blank=True)
    hero_image = models.ImageField(_("hero image"), upload_to="districts/", blank=True)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    featured_order = models.PositiveSmallIntegerField(_("featured order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:district", kwargs={"slug": self.slug})


class GITag(TranslatedMixin, models.Model):
    """A Geographical Indication registered for a craft of one or more districts."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_hi = models.CharField(_("name (Hindi)"), max_length=200, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    districts = models.ManyToManyField(
        District, related_name="gi_tags", blank=True, verbose_name=_("districts")
    )

    class Meta:
        verbose_name = _("GI tag")
        verbose_name_plural = _("GI tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ODOPProduct(TranslatedMixin, models.Model):
    """A product the state designated for a district. A district may have several over time."""

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="odop_products", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=200)
    name_hi = models.CharField(_("name (Hindi)"), max_length=200, blank=True)
    craft = models.ForeignKey(
        Craft, on_delete=models.PROTECT, related_name="odop_products", verbose_name=_("craft")
    )
    gi_tag = models.ForeignKey(
        GITag, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("GI tag")
    )
    year_designated = models.PositiveSmallIntegerField(_("year designated"), default=2018)
    is_current = models.BooleanField(_("on the current list"), default=True)

    class Meta:
        verbose_name = _("ODOP product")
        verbose_name_plural = _("ODOP products")
        ordering = ["district__name", "-is_current", "name"]

    def __str__(self) -> str:
        return f"{self.district}: {self.name}"


#: Columns a product card does not need (see ``ProductQuerySet.cards``).
CARD_DEFERRED_FIELDS = (
    "search_vector",
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="product_stock_gte_0"),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="product_price_gt_0"),
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
        return self.tr("title") or self.title_hi

    @property
    def in_stock(self) -> bool:
        """Can be ordered now. For made-to-order work, stock is how many more the artisan
        can take on, so the same rule holds: orders never exceed what can be delivered."""
        return self.stock > 0

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
