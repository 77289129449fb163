"""The project's URLs plus a page and an admin model page nobody wrote access rules for."""

from django.http import HttpResponse
from django.urls import path

from odop_market.urls import urlpatterns as project_urlpatterns


def _page(request):
    return HttpResponse("new")


urlpatterns = [
    path("sell/brand-new/", _page, name="brand_new"),
    path("admin/sellers/newmodel/", _page, name="admin:sellers_newmodel_changelist"),
    *project_urlpatterns,
]
