from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data: seed_demo, seed_orders and the bench seeders.

    It sits outside the layers: it may import any app, and no app imports it.
    """

    name = "demo"
    verbose_name = "Demo data"
