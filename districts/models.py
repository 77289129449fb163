"""ODOP reference data: UP's 75 districts, the crafts, GI tags and the products the state
designated for each district (loaded from districts/data/districts.json).

The tables keep the names they had when these models lived in catalog (``db_table``): the
move changed the code's layers, not the data.
"""

from django.conf import settings
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
    # The registration as the GI Registry (Chennai) publishes it, entered by staff from
    # the registry's journal or certificate. Left empty until someone has checked it.
    application_number = models.CharField(_("application number"), max_length=40, blank=True)
    goods_class = models.CharField(
        _("class of goods"),
        max_length=80,
        blank=True,
        help_text=_("The class under the GI Act, e.g. 'Class 24 – textiles'."),
    )
    registered_proprietor = models.CharField(_("registered proprietor"), max_length=300, blank=True)
    registered_proprietor_hi = models.CharField(
        _("registered proprietor (Hindi)"), max_length=300, blank=True
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("A GI registration lasts ten years and can be renewed."),
    )
    description = models.TextField(_("what the tag covers"), blank=True)
    description_hi = models.TextField(_("what the tag covers (Hindi)"), blank=True)
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

    def get_absolute_url(self) -> str:
        return reverse("catalog:gi_tag", kwargs={"slug": self.slug})

    @property
    def has_registration_details(self) -> bool:
        return any(
            (self.registration_number, self.application_number, self.goods_class,
             self.registered_proprietor, self.valid_until)
        )  # fmt: skip


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


class DistrictOfficerAssignment(models.Model):
    """A district officer's district: the officer sees that district's figures, orders and
    artisans, and nothing of the others. One officer may cover several districts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="district_assignments",
        verbose_name=_("officer"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        related_name="officer_assignments",
        verbose_name=_("district"),
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("district officer's district")
        verbose_name_plural = _("district officers' districts")
        ordering = ["district__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "district"], name="officerassignment_unique_district"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.district}"
