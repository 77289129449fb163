from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """Shared helpers every app may use; it imports no app of ours."""

    name = "kernel"
    verbose_name = _("Messages and background work")
