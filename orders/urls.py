from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/items/<int:pk>/", views.cart_update, name="cart_update"),
    path("cart/items/<int:pk>/remove/", views.cart_remove, name="cart_remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/<slug:number>/", views.order_detail, name="order_detail"),
    path("orders/<slug:number>/cancel/", views.order_cancel, name="order_cancel"),
    path(
        "orders/<slug:number>/lines/<int:line_id>/return/",
        views.return_create,
        name="return_create",
    ),
    path(
        "orders/<slug:number>/returns/<int:pk>/dispute/",
        views.return_dispute,
        name="return_dispute",
    ),
    path("orders/photos/<slug:kind>/<int:pk>/", views.evidence_photo, name="evidence_photo"),
]
