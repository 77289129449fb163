"""Curators' admin for the reference data: districts and their microsite text, crafts,
GI tags and ODOP products. catalog's admin adds the district's pinned products."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from districts.models import Craft, District, DistrictOfficerAssignment, GITag, ODOPProduct
from kernel.admin import CompactInline, thumbnail


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
    inlines = [ODOPProductInline, DistrictGITagInline]

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
    list_display = ["name", "name_hi", "registration_number", "valid_until", "district_count"]
    search_fields = ["name", "name_hi", "registration_number", "application_number"]
    list_filter = ["districts__division"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": [("name", "name_hi"), "slug", "districts"]}),
        (
            _("Registration (from the GI Registry; leave empty until checked)"),
            {
                "fields": [
                    ("registration_number", "application_number"),
                    "goods_class",
                    ("registered_proprietor", "registered_proprietor_hi"),
                    ("registered_on", "valid_until"),
                ]
            },
        ),
        (_("Public page"), {"fields": ["description", "description_hi"]}),
    ]
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


@admin.register(DistrictOfficerAssignment)
class DistrictOfficerAssignmentAdmin(admin.ModelAdmin):
    """Which districts each district officer sees (the officer is in the "ODOP district
    officer" group; operations assign them)."""

    list_display = ["user", "district", "assigned_at"]
    list_select_related = ["user", "district"]
    list_filter = ["district__division"]
    search_fields = ["user__email", "district__name"]
    autocomplete_fields = ["district"]
    raw_id_fields = ["user"]
