from django.urls import path

from engagement import views

app_name = "engagement"

urlpatterns = [
    path("wishlist/", views.wishlist, name="wishlist"),
    path("wishlist/toggle/", views.wishlist_toggle, name="wishlist_toggle"),
    path("wishlist/move-to-cart/", views.wishlist_move_to_cart, name="wishlist_move"),
    path("alerts/back-in-stock/", views.stock_alert, name="stock_alert"),
    path("reviews/new/<int:line_id>/", views.review_create, name="review_create"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review_edit"),
    path("reviews/<int:pk>/report/", views.review_report, name="review_report"),
    path("products/<slug:slug>/reviews/", views.product_reviews, name="product_reviews"),
]
