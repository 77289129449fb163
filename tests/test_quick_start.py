"""The quick start (`make run`) works on SQLite with no service: migrate, load, seed, serve."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SMOKE = """
import django; django.setup()
from django.core.management import call_command
from django.test import Client
from catalog.models import Product
call_command("migrate", verbosity=0)
call_command("load_districts", verbosity=0)
call_command("seed_demo", districts="varanasi", verbosity=0)
product = Product.objects.filter(district__slug="varanasi").first()
client = Client()
for path in ("/", "/hi/", "/districts/", "/districts/varanasi/", "/search/?q=saree",
             "/hi/search/?q=साड़ी", product.get_absolute_url(), "/cart/", "/healthz/"):
    status = client.get(path).status_code
    print(path, status)
    assert status == 200, (path, status)
from orders.models import ReturnRequest
demo_return = ReturnRequest.objects.get()  # seed_demo's delivered order with a return
client.force_login(demo_return.buyer)
assert client.get(demo_return.suborder.order.get_absolute_url()).status_code == 200
client.force_login(demo_return.suborder.seller.user)
assert client.get(demo_return.get_seller_url()).status_code == 200
print("return", demo_return.status)
from sellers.models import Workshop
client.login(email="helper@odop.example", password="odop-demo-2025")
for path in ("/sell/workshops/", f"/hi/sell/workshops/{Workshop.objects.get().pk}/"):
    status = client.get(path).status_code
    print(path, status)
    assert status == 200, (path, status)
"""


def test_the_quick_start_runs_on_sqlite_without_any_service(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    for key in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL"):
        env.pop(key, None)
    env.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SETTINGS_MODULE="odop_market.settings",
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", SMOKE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "/districts/varanasi/ 200" in result.stdout
