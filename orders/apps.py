from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        # A signal receiver by necessity (engagement's wishlist merge is the other one):
        # accounts must not import orders, so the anonymous cart is merged at sign-in by
        # listening to allauth. The receiver only calls the service that does the work.
        from allauth.account.signals import user_logged_in

        user_logged_in.connect(merge_cart_at_login, dispatch_uid="orders_merge_cart")


def merge_cart_at_login(sender, request, user, **kwargs) -> None:
    from orders.selectors import cart_quantity
    from orders.services import merge_carts

    if request is not None and hasattr(request, "session"):
        merge_carts(user=user, session=request.session)
        request.session["cart_count"] = cart_quantity(user=user)
