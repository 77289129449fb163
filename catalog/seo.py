"""schema.org structured data for product pages."""

from django.http import HttpRequest

from catalog.models import Product, ProductImage
from kernel.site_origin import absolute_url


def product_json_ld(request: HttpRequest, product: Product, images: list[ProductImage]) -> dict:
    """A schema.org Product with one Offer: price in INR, availability, the artisan as seller,
    and an AggregateRating when the product has published reviews (the reviews themselves
    are added by the review section, catalog.extensions)."""
    url = absolute_url(product.get_absolute_url())
    image_urls = [absolute_url(src) for image in images if (src := image.largest_url())]
    artisan = {
        "@type": "Organization",
        "name": product.seller.tr("display_name"),
        "url": absolute_url(product.seller.get_absolute_url()),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.display_title,
        "description": product.tr("description"),
        "sku": product.slug,
        "url": url,
        "brand": {"@type": "Brand", "name": product.seller.tr("display_name")},
        "category": product.craft.tr("name"),
        "offers": {
            "@type": "Offer",
            "url": url,
            "price": f"{product.price:.2f}",
            "priceCurrency": "INR",
            "availability": "https://schema.org/InStock"
            if product.in_stock
            else "https://schema.org/OutOfStock",
            "itemCondition": "https://schema.org/NewCondition",
            "seller": artisan,
        },
    }
    if product.rating_count:
        # Only with reviews: an empty AggregateRating is invalid structured data.
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(product.rating_average),
            "reviewCount": product.rating_count,
            "bestRating": 5,
            "worstRating": 1,
        }
    if image_urls:
        data["image"] = image_urls
    if product.materials:
        data["material"] = product.tr("materials")
    return data
