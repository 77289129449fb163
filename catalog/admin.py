"""Curators' admin: districts and their microsites, crafts, GI tags, products, collections."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog.models import (
    Collection,
    CollectionItem,
    Craft,
    District,
    FeaturedProduct,
    GITag,
    ODOPProduct,
    Product,
    ProductImage,
)
from sellers.models import SellerProfile

THUMB_WIDTH = 96

# The whole admin site: our name, and no navigation sidebar so that the wide lists
# (products, artisans, orders) fit a laptop screen.
admin.site.site_header = _("ODOP Market administration")
admin.site.site_title = _("ODOP Market admin")
admin.site.index_title = _("Curate districts, verify artisans, watch orders")
admin.site.enable_nav_sidebar = False


def thumbnail(url: str, alt: str = "", width: int = THUMB_WIDTH) -> str:
    """An <img> for admin lists and forms; empty text when there is no picture."""
    if not url:
        return "—"
    return format_html('<img src="{}" alt="{}" width="{}" loading="lazy">', url, alt, width)


def image_thumbnail_url(image: ProductImage) -> str:
    """The 320 px JPEG rendition once processed, else the original upload."""
    if image.is_ready:
        name = (image.renditions or {}).get("320", {}).get("jpeg")
        if name:
            return default_storage.url(name)
    return image.original.url if image.original else ""


def changed_fields(*fields: str) -> list[dict]:
    """A structured admin-log message ("Changed status.") that the history page translates."""
    return [{"changed": {"fields": list(fields)}}]


class CompactInline(admin.TabularInline):
    """A tabular inline without the row captions and the add/change/view icons per select."""

    template = "admin/edit_inline/tabular_unlabelled.html"
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


# --- Districts ------------------------------------------------------------------------


class ODOPProductInline(CompactInline):
    model = ODOPProduct
    extra = 0
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 18})}}
    fields = ["name", "name_hi", "craft", "gi_tag", "year_designated", "is_current"]
    autocomplete_fields = ["craft", "gi_tag"]


class DistrictGITagInline(CompactInline):
    model = GITag.districts.through
    extra = 0
    fields = ["gitag", "gi_tag_name_hi"]
    readonly_fields = ["gi_tag_name_hi"]
    autocomplete_fields = ["gitag"]
    verbose_name = _("GI tag")
    verbose_name_plural = _("GI tags")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("gitag")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "gitag":
            kwargs["label"] = _("GI tag")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("name (Hindi)"))
    def gi_tag_name_hi(self, obj) -> str:
        return obj.gitag.name_hi if obj.pk else ""


class FeaturedProductInline(CompactInline):
    """The district microsite's pinned products, in the order shown."""

    model = FeaturedProduct
    extra = 0
    fields = ["position", "product"]
    autocomplete_fields = ["product"]
    ordering = ["position", "pk"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "name_hi",
        "division",
        "hero_thumbnail",
        "is_featured",
        "featured_order",
    ]
    list_display_links = ["name"]
    list_editable = ["is_featured", "featured_order"]
    list_filter = ["division", "is_featured"]
    search_fields = ["name", "name_hi", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["hero_preview", "updated_at"]
    fieldsets = [
        (None, {"fields": [("name", "name_hi"), "slug", ("division", "division_hi")]}),
        (
            _("Microsite"),
            {"fields": [("headline", "headline_hi"), "story", "story_hi"]},
        ),
        (_("Hero image"), {"fields": ["hero_image", "hero_preview"]}),
        (_("Home page"), {"fields": [("is_featured", "featured_order"), "updated_at"]}),
    ]
    inlines = [ODOPProductInline, DistrictGITagInline, FeaturedProductInline]

    @admin.display(description=_("hero image"))
    def hero_thumbnail(self, obj: District) -> str:
        return thumbnail(obj.hero_image.url if obj.hero_image else "", obj.name)

    @admin.display(description=_("preview"))
    def hero_preview(self, obj: District) -> str:
        return thumbnail(obj.hero_image.url if obj.hero_image else "", obj.name, width=480)


@admin.register(Craft)
class CraftAdmin(admin.ModelAdmin):
    list_display = ["name", "name_hi", "slug"]
    search_fields = ["name", "name_hi", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [("name", "name_hi"), "slug", "description", "description_hi"]


@admin.register(GITag)
class GITagAdmin(admin.ModelAdmin):
    list_display = ["name", "name_hi", "registration_number", "district_count"]
    search_fields = ["name", "name_hi", "registration_number"]
    list_filter = ["districts__division"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [("name", "name_hi"), "slug", "registration_number", "districts"]
    autocomplete_fields = ["districts"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_district_count=Count("districts"))

    @admin.display(description=_("districts"), ordering="_district_count")
    def district_count(self, obj: GITag) -> int:
        return obj._district_count


@admin.register(ODOPProduct)
class ODOPProductAdmin(admin.ModelAdmin):
    list_display = ["name", "name_hi", "district", "craft", "gi_tag", "year_designated"]
    list_display_links = ["name"]
    list_select_related = ["district", "craft", "gi_tag"]
    list_filter = ["is_current", "district__division", "craft"]
    search_fields = ["name", "name_hi", "district__name", "district__name_hi"]
    autocomplete_fields = ["district", "craft", "gi_tag"]


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
    fields = ["preview", "original", "position", "alt_text", "alt_text_hi", "state", "error"]
    readonly_fields = ["preview", "state", "error"]
    ordering = ["position", "pk"]

    @admin.display(description=_("preview"))
    def preview(self, obj: ProductImage) -> str:
        return thumbnail(image_thumbnail_url(obj), obj.alt_text) if obj.pk else "—"


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "seller",
        "seller_status",
        "district",
        "price",
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
        now = timezone.now()
        done = 0
        for product in queryset.exclude(status=Product.Status.PUBLISHED):
            product.status = Product.Status.PUBLISHED
            product.published_at = product.published_at or now
            product.save(update_fields=["status", "published_at", "updated_at"])
            self.log_change(request, product, changed_fields("status", "published"))
            done += 1
        self._report(request, done, "published")

    @admin.action(description=_("Unpublish the selected products"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset) -> None:
        done = 0
        for product in queryset.filter(status=Product.Status.PUBLISHED):
            product.status = Product.Status.DRAFT
            product.save(update_fields=["status", "updated_at"])
            self.log_change(request, product, changed_fields("status"))
            done += 1
        self._report(request, done, "unpublished")

    @admin.action(
        description=_("Feature the selected products on their district's page"),
        permissions=["change"],
    )
    def feature_on_district(self, request: HttpRequest, queryset) -> None:
        done = 0
        for product in queryset.select_related("district"):
            last = FeaturedProduct.objects.filter(district=product.district).aggregate(
                Max("position")
            )["position__max"]
            entry, created = FeaturedProduct.objects.get_or_create(
                district=product.district,
                product=product,
                defaults={"position": 0 if last is None else last + 1},
            )
            if created:
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
            product.gi_verified = True
            product.save(update_fields=["gi_verified", "updated_at"])
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
