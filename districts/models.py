"""ODOP reference data: UP's 75 districts, the crafts, GI tags and the products the state
designated for each district (loaded from districts/data/districts.json).

The tables keep the names they had when these models lived in catalog (``db_table``): the
move changed the code's layers, not the data.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kernel.i18n import TranslatedMixin


class Craft(TranslatedMixin, models.Model):
    """A product category such as textiles, metal craft or wood craft."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_hi = models.CharField(_("name (Hindi)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_hi = models.TextField(_("description (Hindi)"), blank=True)

    class Meta:
        db_table = "catalog_craft"
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
        db_table = "catalog_district"
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
        db_table = "catalog_gitag"
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
        db_table = "catalog_odopproduct"
        verbose_name = _("ODOP product")
        verbose_name_plural = _("ODOP products")
        ordering = ["district__name", "-is_current", "name"]

    def __str__(self) -> str:
        return f"{self.district}: {self.name}"
