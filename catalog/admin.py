"""Curators' admin: districts and their microsites, crafts, GI tags, products, collections."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog import services
from catalog.models import (
    Collection,
    CollectionItem,
    Event,
    FeaturedProduct,
    Product,
    ProductImage,
)
from districts.admin import DistrictAdmin
from districts.models import District
from kernel.admin import CompactInline, changed_fields, money_field, thumbnail
from sellers.models import SellerProfile

# --- Districts: the microsite's curated picks -------------------------------------


class FeaturedProductInline(CompactInline):
    """The district microsite's pinned products, in the order shown."""

    model = FeaturedProduct
    extra = 0
    fields = ["position", "product"]
    autocomplete_fields = ["product"]
    ordering = ["position", "pk"]


admin.site.unregister(District)


@admin.register(District)
class DistrictMicrositeAdmin(DistrictAdmin):
    """The districts app's admin plus the microsite's pinned products (a catalog model)."""

    inlines = [*DistrictAdmin.inlines, FeaturedProductInline]


@admin.register(FeaturedProduct)
class FeaturedProductAdmin(admin.ModelAdmin):
    list_display = ["product", "district", "position"]
    list_editable = ["position"]
    list_select_related = ["product", "district"]
    list_filter = ["district__division"]
    search_fields = ["product__title", "product__title_hi", "district__name", "district__name_hi"]
    autocomplete_fields = ["district", "product"]
    ordering = ["district__name", "position", "pk"]


# --- Collections ----------------------------------------------------------------------


class CollectionItemInline(CompactInline):
    model = CollectionItem
    extra = 0
    fields = ["position", "product"]
    autocomplete_fields = ["product"]
    ordering = ["position", "pk"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "title_hi", "is_published", "position", "updated_at"]
    list_editable = ["is_published", "position"]
    list_filter = ["is_published"]
    search_fields = ["title", "title_hi", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [("title", "title_hi"), "slug", "description", "description_hi"]
    fields += [("is_published", "position")]
    inlines = [CollectionItemInline]


# --- Products -------------------------------------------------------------------------


class ImageStateFilter(admin.SimpleListFilter):
    title = _("images")
    parameter_name = "images"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("Has images waiting to be processed")),
            ("failed", _("Has images that failed")),
            ("none", _("No images")),
        ]

    def queryset(self, request, queryset):
        images = ProductImage.objects.filter(product=OuterRef("pk"))
        if self.value() == "pending":
            return queryset.filter(Exists(images.filter(state=ProductImage.State.PENDING)))
        if self.value() == "failed":
            return queryset.filter(Exists(images.filter(state=ProductImage.State.FAILED)))
        if self.value() == "none":
            return queryset.filter(~Exists(images))
        return queryset


class SellerStatusFilter(admin.SimpleListFilter):
    title = _("artisan status")
    parameter_name = "seller_status"

    def lookups(self, request, model_admin):
        return SellerProfile.Status.choices

    def queryset(self, request, queryset):
        if self.value() in SellerProfile.Status.values:
            return queryset.filter(seller__status=self.value())
        return queryset


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    # A plain file input: the clearable one links the stored original, which until
    # processing may still carry the artisan's GPS position. The preview is a rendition.
    formfield_overrides = {models.ImageField: {"widget": forms.FileInput}}
    fields = ["preview", "original", "position", "alt_text", "alt_text_hi", "state", "error"]
    readonly_fields = ["preview", "state", "error"]
    ordering = ["position", "pk"]

    @admin.display(description=_("preview"))
    def preview(self, obj: ProductImage) -> str:
        return thumbnail(obj.thumbnail_url(), obj.alt_text) if obj.pk else "—"


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "seller",
        "seller_status",
        "district",
        money_field("price", _("price")),
        "stock",
        "status",
        "gi_claim",
        "image_states",
    ]
    list_select_related = ["seller", "district", "craft", "gi_tag"]
    list_filter = [
        "status",
        ImageStateFilter,
        SellerStatusFilter,
        "gi_verified",
        "district",
        "craft",
    ]
    search_fields = [
        "title",
        "title_hi",
        "slug",
        "seller__display_name",
        "seller__display_name_hi",
        "district__name",
        "district__name_hi",
    ]
    autocomplete_fields = ["seller", "district", "craft", "gi_tag"]
    readonly_fields = ["created_at", "updated_at", "published_at"]
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["seller", ("district", "craft"), "status", "slug"]}),
        (_("Text"), {"fields": [("title", "title_hi"), "description", "description_hi"]}),
        (_("Details"), {"fields": [("materials", "materials_hi"), "weight_grams"]}),
        (None, {"fields": [("length_cm", "width_cm", "height_cm")]}),
        (_("Price and stock"), {"fields": [("price", "stock"), "fulfilment", "processing_days"]}),
        (_("GI tag"), {"fields": [("gi_tag", "gi_verified")]}),
        (_("Record"), {"fields": [("created_at", "updated_at", "published_at")]}),
    ]
    inlines = [ProductImageInline]
    actions = ["publish", "unpublish", "feature_on_district", "verify_gi_claim"]

    def get_queryset(self, request):
        state = ProductImage.State
        return (
            super()
            .get_queryset(request)
            .annotate(
                _images=Count("images"),
                _pending_images=Count("images", filter=Q(images__state=state.PENDING)),
                _failed_images=Count("images", filter=Q(images__state=state.FAILED)),
            )
        )

    @admin.display(description=_("artisan status"), ordering="seller__status")
    def seller_status(self, obj: Product) -> str:
        return obj.seller.get_status_display()

    @admin.display(description=_("GI claim"), ordering="gi_verified")
    def gi_claim(self, obj: Product) -> str:
        if obj.gi_tag_id is None:
            return "—"
        if obj.gi_verified:
            return _("%(tag)s (verified)") % {"tag": obj.gi_tag}
        return _("%(tag)s (not verified)") % {"tag": obj.gi_tag}

    @admin.display(description=_("images"))
    def image_states(self, obj: Product) -> str:
        if not obj._images:
            return str(_("none"))
        parts = []
        if obj._pending_images:
            parts.append(_("%(count)d waiting") % {"count": obj._pending_images})
        if obj._failed_images:
            parts.append(_("%(count)d failed") % {"count": obj._failed_images})
        return ", ".join(str(p) for p in parts) or _("%(count)d ready") % {"count": obj._images}

    @admin.action(description=_("Publish the selected products"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset) -> None:
        done = 0
        for product in queryset.exclude(status=Product.Status.PUBLISHED):
            if services.publish_product(product=product):
                self.log_change(request, product, changed_fields("status", "published"))
                done += 1
        self._report(request, done, "published")

    @admin.action(description=_("Unpublish the selected products"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset) -> None:
        done = 0
        for product in queryset.filter(status=Product.Status.PUBLISHED):
            if services.unpublish_product(product=product):
                self.log_change(request, product, changed_fields("status"))
                done += 1
        self._report(request, done, "unpublished")

    @admin.action(
        description=_("Feature the selected products on their district's page"),
        permissions=["change"],
    )
    def feature_on_district(self, request: HttpRequest, queryset) -> None:
        done = 0
        for product in queryset:
            entry = services.feature_product(product=product)
            if entry is not None:
                message = [{"added": {"name": "featured product", "object": str(entry)}}]
                self.log_change(request, product, message)
                done += 1
        self._report(request, done, "featured")

    @admin.action(
        description=_("Mark the GI claim of the selected products as verified"),
        permissions=["change"],
    )
    def verify_gi_claim(self, request: HttpRequest, queryset) -> None:
        done = 0
        for product in queryset.filter(gi_tag__isnull=False, gi_verified=False):
            if services.verify_gi_claim(product=product):
                self.log_change(request, product, changed_fields("GI claim verified by staff"))
                done += 1
        skipped = queryset.filter(gi_tag__isnull=True).count()
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d product claims no GI tag and was left as it is.",
                    "%(count)d products claim no GI tag and were left as they are.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
        self._report(request, done, "verified")

    def _report(self, request: HttpRequest, count: int, what: str) -> None:
        texts = {
            "published": ngettext(
                "%(count)d product published.", "%(count)d products published.", count
            ),
            "unpublished": ngettext(
                "%(count)d product unpublished.", "%(count)d products unpublished.", count
            ),
            "featured": ngettext(
                "%(count)d product featured on its district's page.",
                "%(count)d products featured on their district's page.",
                count,
            ),
            "verified": ngettext(
                "%(count)d GI claim marked as verified.",
                "%(count)d GI claims marked as verified.",
                count,
            ),
        }
        level = messages.SUCCESS if count else messages.INFO
        self.message_user(request, texts[what] % {"count": count}, level)


class EventStatusFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return Event.Status.choices

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == Event.Status.UPCOMING:
            return queryset.filter(starts_on__gt=today)
        if self.value() == Event.Status.ON_NOW:
            return queryset.filter(starts_on__lte=today, ends_on__gte=today)
        if self.value() == Event.Status.PAST:
            return queryset.filter(ends_on__lt=today)
        return queryset


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Curators publish the fairs and melas; whether one is on now follows from its dates."""

    list_display = ["name", "starts_on", "ends_on", "city", "status_label", "is_published"]
    list_filter = [EventStatusFilter, "is_published"]
    search_fields = ["name", "name_hi", "city", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "starts_on"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["districts", "artisans", "products", "collection"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": [("name", "name_hi"), "slug", ("summary", "summary_hi"),
                           "is_published"]}),
        (_("When and where"), {"fields": [("starts_on", "ends_on"), ("venue", "venue_hi"),
                                          ("city", "city_hi"), "map_url"]}),
        (_("Story"), {"fields": ["story", "story_hi", "hero_image"]}),
        (_("Who and what takes part"), {"fields": ["districts", "artisans", "products",
                                                   "collection"]}),
        (None, {"fields": ["updated_at"]}),
    ]  # fmt: skip

    @admin.display(description=_("when"))
    def status_label(self, obj: Event) -> str:
        return obj.status_label
