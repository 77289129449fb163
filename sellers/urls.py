from django.urls import path

from sellers import views

app_name = "sellers"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
