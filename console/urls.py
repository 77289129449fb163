"""The artisan's console, mounted at /sell/."""

from django.urls import path

from console import (
    assist_views,
    earnings_views,
    gi_views,
    listing_views,
    order_views,
    return_views,
    review_views,
    views,
)

app_name = "console"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("onboarding/", views.onboarding, name="onboarding"),
    path("onboarding/submit/", views.onboarding_submit, name="onboarding_submit"),
    path("onboarding/<slug:step>/", views.onboarding_step, name="onboarding_step"),
    path("products/", listing_views.product_list, name="products"),
    path("products/new/", listing_views.product_create, name="product_create"),
    path("products/<int:pk>/edit/", listing_views.product_edit, name="product_edit"),
    path("products/<int:pk>/archive/", listing_views.product_archive, name="product_archive"),
    path("gi/", gi_views.gi_claims, name="gi_claims"),
    path("orders/", order_views.suborder_list, name="order_list"),
    path("orders/<int:pk>/", order_views.suborder_detail, name="order_detail"),
    path("earnings/", earnings_views.earnings, name="earnings"),
    path(
        "earnings/<int:year>/<int:month>/statement.csv",
        earnings_views.statement_csv,
        name="statement_csv",
    ),
    path(
        "earnings/<int:year>/<int:month>/statement.pdf",
        earnings_views.statement_pdf,
        name="statement_pdf",
    ),
    path("returns/", return_views.return_list, name="return_list"),
    path("returns/<int:pk>/", return_views.return_detail, name="return_detail"),
    path("returns/<int:pk>/action/", return_views.return_action, name="return_action"),
    path("reviews/", review_views.review_list, name="reviews"),
    path("reviews/<int:pk>/reply/", review_views.review_reply, name="review_reply"),
    # ODOP helpers at district workshops (assisted onboarding)
    path("workshops/", assist_views.workshop_list, name="workshops"),
    path("workshops/new/", assist_views.workshop_create, name="workshop_create"),
    path("workshops/<int:pk>/", assist_views.workshop_detail, name="workshop"),
    path("workshops/<int:pk>/import/", assist_views.workshop_import, name="workshop_import"),
    path(
        "workshops/<int:pk>/import/confirm/",
        assist_views.workshop_import_confirm,
        name="workshop_import_confirm",
    ),
    path("workshops/<int:pk>/onboard/", assist_views.consent_start, name="consent_start"),
    path("workshops/consent/<int:pk>/", assist_views.consent_verify, name="consent_verify"),
    path("assist/<int:artisan_id>/", assist_views.assist, name="assist"),
    path("assist/<int:artisan_id>/profile/", assist_views.assist_profile, name="assist_profile"),
    path("assist/<int:artisan_id>/business/", assist_views.assist_business, name="assist_business"),
    path(
        "assist/<int:artisan_id>/products/new/",
        assist_views.assist_product,
        name="assist_product",
    ),
    path("assist/<int:artisan_id>/submit/", assist_views.assist_submit, name="assist_submit"),
]
