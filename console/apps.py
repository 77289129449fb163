from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """The artisan's console under /sell/: onboarding, listings, orders to fulfil, dashboard.

    It sits above catalog, sellers and orders: it reads through their selectors and writes
    through their services, and nothing below imports it.
    """

    name = "console"
    verbose_name = _("Artisan console")
