"""Root URLconf. English at the root, Hindi under /hi/ (see DESIGN.md, Public URLs)."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from django.views.i18n import set_language

from catalog.sitemaps import SITEMAPS, sitemap_index
from kernel.messaging.webhooks import sms_delivery_report, whatsapp_webhook
from kernel.views import healthz, robots_txt
from odop_market.media import serve_media
from payments.views import razorpay_webhook

#: Sitemaps list every live product in both languages; crawlers may wait an hour for news.
SITEMAP_CACHE_SECONDS = 60 * 60

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    # The gateway posts here; not under i18n_patterns: one address whatever the language.
    path("payments/webhooks/razorpay/", razorpay_webhook, name="razorpay_webhook"),
    # Delivery reports from the SMS and WhatsApp providers (kernel.messaging.webhooks).
    path("messaging/sms/delivery/", sms_delivery_report, name="sms_delivery_report"),
    path("messaging/whatsapp/webhook/", whatsapp_webhook, name="whatsapp_webhook"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    # Under /admin/ so that staff reach it only through the two-step sign-in.
    path("admin/dashboard/", include("dashboards.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("sell/", include("console.urls")),
    path("payments/", include("payments.urls")),
    path("", include("orders.urls")),
    path("", include("engagement.urls")),
    path("", include("catalog.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:  # no S3 bucket: finished images from MEDIA_ROOT (odop_market/media.py)
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_media, name="media"
        )
    ]

handler404 = "odop_market.errors.page_not_found"
handler500 = "odop_market.errors.server_error"
