from django.urls import include, path

from sellers import listing_views, views

app_name = "sellers"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("onboarding/", views.onboarding, name="onboarding"),
    path("onboarding/submit/", views.onboarding_submit, name="onboarding_submit"),
    path("onboarding/<slug:step>/", views.onboarding_step, name="onboarding_step"),
    path("products/", listing_views.product_list, name="products"),
    path("products/new/", listing_views.product_create, name="product_create"),
    path("products/<int:pk>/edit/", listing_views.product_edit, name="product_edit"),
    path("products/<int:pk>/archive/", listing_views.product_archive, name="product_archive"),
    path("orders/", include("orders.seller_urls")),
]
