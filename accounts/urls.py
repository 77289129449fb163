"""Our account pages under /accounts/, beside allauth's."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("language/", views.email_language, name="email_language"),
    path("updates/", views.updates_channel, name="updates_channel"),
]
