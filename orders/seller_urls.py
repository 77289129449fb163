"""The artisan's side of orders, mounted under /sell/orders/."""

from django.urls import path

from orders import seller_views

app_name = "seller_orders"

urlpatterns = [
    path("", seller_views.suborder_list, name="list"),
    path("<int:pk>/", seller_views.suborder_detail, name="detail"),
]
