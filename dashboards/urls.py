"""The ODOP cell's dashboard, mounted at /admin/dashboard/ (behind staff two-step sign-in)."""

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.state, name="state"),
    path("districts/<slug:slug>/", views.district, name="district"),
]
