"""Cart, checkout and a buyer's orders."""

from django.http import Http404, HttpRequest, HttpResponse


def _not_built_yet(request: HttpRequest, number: str = "") -> HttpResponse:
    raise Http404


cart = cart_add = checkout = order_list = order_detail = _not_built_yet
