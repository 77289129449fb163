"""Test gateway mode: serve the local Razorpay stand-in for development.

    python manage.py run_gateway_standin --port 8765 --webhook-url http://127.0.0.1:8000/payments/webhooks/razorpay/

then run the site with RAZORPAY_BASE_URL=http://127.0.0.1:8765 and the same three keys
(by default the ones printed). Checkout then offers "Pay online" and the whole prepaid
flow (hosted page, signed return, signed webhooks, refunds) runs on this machine.
"""

import os
import time

from django.core.management.base import BaseCommand

from payments.standin import StandInGateway


class Command(BaseCommand):
    help = "Run the local Razorpay stand-in (test gateway mode)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--webhook-url", default="http://127.0.0.1:8000/payments/webhooks/razorpay/"
        )

    def handle(self, *args, **options):
        key_id = os.environ.get("RAZORPAY_KEY_ID") or "rzp_test_standin"
        secret = os.environ.get("RAZORPAY_KEY_SECRET") or "standin-key-secret"
        webhook_secret = os.environ.get("RAZORPAY_WEBHOOK_SECRET") or "standin-webhook-secret"
        standin = StandInGateway(
            key_id=key_id,
            key_secret=secret,
            webhook_secret=webhook_secret,
            webhook_url=options["webhook_url"],
            auto_webhooks=True,
            port=options["port"],
        ).start()
        from_env = "RAZORPAY_KEY_SECRET" in os.environ
        secrets = (
            "and the RAZORPAY_KEY_SECRET and RAZORPAY_WEBHOOK_SECRET of this environment"
            if from_env  # never echo a secret that may be real
            else f"RAZORPAY_KEY_SECRET={secret} RAZORPAY_WEBHOOK_SECRET={webhook_secret}"
        )
        self.stdout.write(
            f"Razorpay stand-in on {standin.base_url}, webhooks to {options['webhook_url']}.\n"
            f"Run the site with RAZORPAY_BASE_URL={standin.base_url} "
            f"RAZORPAY_KEY_ID={key_id} {secrets}"
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            standin.stop()
