from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    """ODOP reference data: UP's districts, their crafts, GI tags and ODOP products."""

    name = "districts"
    verbose_name = _("Districts and crafts")
