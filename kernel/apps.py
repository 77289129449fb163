from django.apps import AppConfig


class KernelConfig(AppConfig):
    """Shared helpers every app may use; it imports no app of ours."""

    name = "kernel"
    verbose_name = "Kernel"
