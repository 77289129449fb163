from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Reviews and wishlists")

    def ready(self) -> None:
        # Like the cart (orders/apps.py): accounts must not import engagement, so the
        # anonymous wishlist is merged at sign-in by listening to allauth. The receiver
        # only calls the service that does the work.
        from allauth.account.signals import user_logged_in

        user_logged_in.connect(merge_wishlist_at_login, dispatch_uid="engagement_merge_wishlist")


def merge_wishlist_at_login(sender, request, user, **kwargs) -> None:
    from engagement.services import merge_wishlists

    if request is not None and hasattr(request, "session"):
        merge_wishlists(user=user, session=request.session)
