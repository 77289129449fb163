from django.urls import include, path

from sellers import views

app_name = "sellers"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("orders/", include("orders.seller_urls")),
]
