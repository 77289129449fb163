"""sitemap.xml: every public catalogue page in English and Hindi, with hreflang alternates."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from catalog.models import Collection, Event, Product
from districts.models import Craft, District, GITag
from kernel.site_origin import absolute_url, origin_host, origin_scheme
from sellers.models import SellerProfile


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000  # items per page; each item appears once per language

    # URLs on SITE_ORIGIN, whatever Host and scheme the request came with.
    def get_protocol(self, protocol=None) -> str:
        return origin_scheme()

    def get_domain(self, site=None) -> str:
        return origin_host()


class PagesSitemap(_Bilingual):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["catalog:home", "catalog:districts", "catalog:events"]

    def location(self, item: str) -> str:
        return reverse(item)


class DistrictSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return District.objects.only("slug", "updated_at").order_by("slug")

    def lastmod(self, district: District):
        return district.updated_at


class CraftSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Craft.objects.only("slug").order_by("slug")


class ProductSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Product.objects.live().only("slug", "updated_at").order_by("pk")

    def lastmod(self, product: Product):
        return product.updated_at


class ArtisanSitemap(_Bilingual):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return (
            SellerProfile.objects.filter(status=SellerProfile.Status.APPROVED)
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, artisan: SellerProfile):
        return artisan.updated_at


class CollectionSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Collection.objects.filter(is_published=True).only("slug", "updated_at")

    def lastmod(self, collection: Collection):
        return collection.updated_at


class EventSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Event.objects.published().only("slug", "updated_at").order_by("-starts_on", "pk")

    def lastmod(self, event: Event):
        return event.updated_at


class GITagSitemap(_Bilingual):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return GITag.objects.only("slug").order_by("slug")


SITEMAPS = {
    "pages": PagesSitemap,
    "districts": DistrictSitemap,
    "crafts": CraftSitemap,
    "products": ProductSitemap,
    "artisans": ArtisanSitemap,
    "collections": CollectionSitemap,
    "events": EventSitemap,
    "gi": GITagSitemap,
}


def sitemap_index(request: HttpRequest, **kwargs) -> TemplateResponse:
    """Django's sitemap index, its section URLs on SITE_ORIGIN (it builds them from the Host)."""
    response = sitemap_views.index(request, **kwargs)
    for item in response.context_data["sitemaps"]:
        parts = urlsplit(item.location)
        item.location = absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))
    return response
