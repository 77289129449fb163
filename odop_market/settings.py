"""ODOP Market settings: one module, driven by environment variables.

With no variable set but ``DEBUG=true`` (what ``make run`` does) the site runs on a
SQLite file, runs Celery tasks inline, caches in memory, prints email to the console
and keeps media in ./media. Production sets ``DATABASE_URL``, ``REDIS_URL``,
``CELERY_BROKER_URL``, ``EMAIL_URL`` and the ``AWS_*`` storage variables, and must set
``SECRET_KEY``: without it and without DEBUG the site refuses to start.
"""

import re
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kernel.s3 import bucket_origin

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development only).")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Canonical origin ------------------------------------------------------------------
#: Scheme and host of every absolute URL the site writes (canonical, hreflang, OpenGraph,
#: JSON-LD, sitemaps, robots.txt), whatever Host or X-Forwarded-Proto a request carries:
#: cached pages are then the same for everyone. Production defaults to https:// and the
#: first ALLOWED_HOSTS entry.
if DEBUG:
    _default_origin = "http://127.0.0.1:8000"
elif ALLOWED_HOSTS and ALLOWED_HOSTS[0] not in ("*",) and not ALLOWED_HOSTS[0].startswith("."):
    _default_origin = f"https://{ALLOWED_HOSTS[0]}"
else:
    _default_origin = ""
SITE_ORIGIN = env("SITE_ORIGIN", default=_default_origin).rstrip("/")
if not re.fullmatch(r"https?://[^/?#\s]+", SITE_ORIGIN):
    raise ImproperlyConfigured(
        "Set SITE_ORIGIN to the site's scheme and host, e.g. https://odop.example "
        f"(got {SITE_ORIGIN!r})."
    )
INTERNAL_IPS = ["127.0.0.1"]

# --- Applications --------------------------------------------------------------------

INSTALLED_APPS = [
    # Django's admin, with staff two-factor enforced by the site (accounts/admin_site.py).
    "accounts.admin_apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "import_export",
    "kernel",
    "accounts",
    "districts",
    "catalog",
    "sellers",
    "orders",
    "payments",
    "engagement",
    "console",
    "dashboards",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Catalogue reads from the read replica, unless this browser just wrote (kernel/replica.py).
    "kernel.replica.ReplicaMiddleware",
    # Gzip for public HTML only (BREACH: odop_market/compression.py, SECURITY.md).
    "odop_market.compression.PublicHTMLGZipMiddleware",
    # Cache-Control, ETag and 304s for the public catalogue pages; inside gzip so that the
    # ETag is the page's, outside everything that still changes the page or its cookies.
    "odop_market.http_cache.HTTPCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost: fills per-visitor slots (hearts, stock alerts) in cached pages.
    "engagement.middleware.VisitorSlotsMiddleware",
]

#: Sections other apps add to the cached product page (catalog.extensions).
CATALOG_PRODUCT_SECTIONS = ["engagement.sections.product_reviews"]

ROOT_URLCONF = "odop_market.urls"
FORM_RENDERER = "odop_market.forms.FormRenderer"
WSGI_APPLICATION = "odop_market.wsgi.application"
ASGI_APPLICATION = "odop_market.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "odop_market.context_processors.site",
            ],
        },
    },
]

# --- Data ----------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
#: A streaming read replica (e.g. postgres://user@replica-host:5432/odop): catalogue and
#: search pages of visitors who have not just written read from it (kernel/replica.py).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["kernel.replica.ReplicaRouter"]
#: The planner's cost of reading a page at random. PostgreSQL's default (4) is for spinning
#: disks: with it, a search matching 5% of 500,000 products scans the whole table (1 s)
#: instead of the GIN index (0.15 s; bench/results/2026-12-01-x10-search-planner.txt).
#: 1.1 suits SSD storage, which any cloud database has. It goes to the server as a
#: connection option; set it empty where the server sets it already, or where a pooler
#: refuses startup options (PgBouncer: add ``options`` to ignore_startup_parameters).
DATABASE_RANDOM_PAGE_COST = env("DATABASE_RANDOM_PAGE_COST", default="1.1")
for _database in DATABASES.values():
    if DATABASE_RANDOM_PAGE_COST and _database["ENGINE"].endswith("postgresql"):
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = " ".join(
            filter(
                None, [_options.get("options"), f"-c random_page_cost={DATABASE_RANDOM_PAGE_COST}"]
            )
        )
#: Apps whose reads may go to the replica: the public catalogue and search.
DATABASE_REPLICA_APPS = ["catalog", "districts", "sellers"]
#: Pages that always read from the primary: what a visitor owns or is about to buy.
REPLICA_PRIMARY_PATHS = [
    "/cart/", "/checkout/", "/orders/", "/sell/", "/accounts/", "/admin/", "/payments/",
    "/wishlist/", "/healthz/",
]  # fmt: skip
#: Seconds a browser reads only from the primary after it posted anything.
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=15)

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="odop"),
            "OPTIONS": {
                # A cache outage degrades to cache misses instead of 500s.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Celery --------------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A worker killed mid-task leaves the message on the queue to be redone.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message taken by a worker that died unacknowledged is handed out again after this.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
}
# Workers log through LOGGING below (and its personal-data filter), not Celery's own setup.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Kolkata"
#: How often beat refreshes the sales rollups that orders marked stale (the dashboard trails
#: the orders by at most this). 0, the default without a broker (the quick start runs no
#: beat), refreshes them as each order commits instead.
SALES_ROLLUP_SWEEP_SECONDS = env.int(
    "SALES_ROLLUP_SWEEP_SECONDS", default=30 if CELERY_BROKER_URL else 0
)
#: Run with `celery -A odop_market beat` (or `worker -B` on a single host).
CELERY_BEAT_SCHEDULE = {
    # Emails whose task never ran (broker down at commit time) are sent from the outbox.
    "send-pending-notifications": {
        "task": "orders.tasks.send_pending_notifications",
        "schedule": 300.0,
    },
    # Image jobs, moderation emails and other work recorded while the broker was down.
    # Shoppers waiting for a product restocked by any path (a cancelled order, the admin).
    "sweep-stock-alerts": {
        "task": "engagement.tasks.sweep_stock_alerts",
        "schedule": 300.0,
    },
    # SMS and WhatsApp messages whose task never ran.
    "send-pending-messages": {"task": "kernel.tasks.send_pending_messages", "schedule": 120.0},
    "dispatch-pending-jobs": {
        "task": "kernel.tasks.dispatch_pending_jobs",
        "schedule": 120.0,
    },
    # Unpaid online orders past their expiry give their stock back (exactly once).
    "expire-unpaid-orders": {"task": "payments.tasks.expire_unpaid_orders", "schedule": 60.0},
    # Refunds whose gateway call never ran (broker or gateway down) are retried.
    "send-pending-refunds": {"task": "payments.tasks.send_pending_refunds", "schedule": 300.0},
    # Yesterday's payments and refunds compared with the gateway's, at 02:30 India time.
    "reconcile-payments": {
        "task": "payments.tasks.reconcile_yesterday",
        "schedule": crontab(hour=2, minute=30),
    },
    # Ledger rows of deliveries (cash on delivery too) and refunds not yet posted.
    "accrue-ledger": {"task": "payments.tasks.accrue_ledger", "schedule": 900.0},
    # RazorpayX payouts still processing: their final status.
    "sync-razorpayx-payouts": {"task": "payments.tasks.sync_razorpayx_payouts", "schedule": 900.0},
    # Artisans' payouts: what became payable, grouped per artisan, Monday 06:00 India time.
    "weekly-payout-run": {
        "task": "payments.tasks.weekly_payout_run",
        "schedule": crontab(day_of_week="mon", hour=6, minute=0),
    },
    # The dashboard's sales rollups that orders placed or cancelled marked stale.
    "refresh-marked-sales-rollups": {
        "task": "orders.tasks.refresh_marked_sales_rollups",
        "schedule": float(SALES_ROLLUP_SWEEP_SECONDS or 30),
    },
    # The dashboard's sales rollups for today and yesterday, whatever the marks missed.
    "refresh-recent-sales-rollups": {
        "task": "orders.tasks.refresh_recent_sales_rollups",
        "schedule": 900.0,
    },
}

# --- SMS and WhatsApp (kernel.messaging) -------------------------------------------------
#: Console backends print messages (sign-in codes show in the runserver console); set
#: kernel.messaging.backends.sms_http.GupshupSmsBackend and
#: kernel.messaging.backends.whatsapp_cloud.WhatsAppCloudBackend in production.
SMS_BACKEND = env("SMS_BACKEND", default="kernel.messaging.backends.console.ConsoleBackend")
WHATSAPP_BACKEND = env(
    "WHATSAPP_BACKEND", default="kernel.messaging.backends.console.ConsoleBackend"
)
MESSAGING_FILE_PATH = env("MESSAGING_FILE_PATH", default=str(BASE_DIR / "tmp" / "messages"))
SMS_API_URL = env("SMS_API_URL", default="https://enterprise.smsgupshup.com/GatewayAPI/rest")
SMS_USERID = env("SMS_USERID", default="")
SMS_PASSWORD = env("SMS_PASSWORD", default="")
#: The six-letter sender id (header) registered on DLT.
SMS_SENDER_ID = env("SMS_SENDER_ID", default="ODOPUP")
#: Our principal entity id on the DLT platform.
SMS_DLT_ENTITY_ID = env("SMS_DLT_ENTITY_ID", default="")
#: The secret in the delivery-report URL given to the SMS provider.
SMS_DLR_TOKEN = env("SMS_DLR_TOKEN", default="")
#: One DLT template id per message and language (docs/messaging-templates.md):
#: SMS_DLT_<KEY>_EN and SMS_DLT_<KEY>_HI, e.g. SMS_DLT_LOGIN_CODE_HI.
MESSAGE_TEMPLATE_KEYS = (
    "login_code",
    "assisted_consent",
    "order_confirmation",
    "new_order",
    "shipped",
    "cancelled",
    "return_requested",
    "return_accepted",
    "return_rejected",
    "return_disputed",
    "return_decided",
    "return_pickup",
    "return_received",
    "return_refunded",
    "payout_sent",
    "payout_paid",
    "payout_failed",
    "back_in_stock",
    "seller_approved",
    "seller_rejected",
    "seller_suspended",
)
SMS_DLT_TEMPLATE_IDS = {
    key: {lang: env(f"SMS_DLT_{key.upper()}_{lang.upper()}", default="") for lang in ("en", "hi")}
    for key in MESSAGE_TEMPLATE_KEYS
}
WHATSAPP_API_URL = env("WHATSAPP_API_URL", default="https://graph.facebook.com")
WHATSAPP_API_VERSION = env("WHATSAPP_API_VERSION", default="v21.0")
WHATSAPP_PHONE_NUMBER_ID = env("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_ACCESS_TOKEN = env("WHATSAPP_ACCESS_TOKEN", default="")
#: The app secret that signs webhook calls (X-Hub-Signature-256) and the token Meta echoes
#: when the webhook is registered.
WHATSAPP_APP_SECRET = env("WHATSAPP_APP_SECRET", default="")
WHATSAPP_VERIFY_TOKEN = env("WHATSAPP_VERIFY_TOKEN", default="")
#: The approved template name per message: WHATSAPP_TEMPLATE_<KEY>, "odop_<key>" by default.
WHATSAPP_TEMPLATES = {
    key: env(f"WHATSAPP_TEMPLATE_{key.upper()}", default=f"odop_{key}")
    for key in MESSAGE_TEMPLATE_KEYS
}
WHATSAPP_LANGUAGE_CODES = {"en": "en", "hi": "hi"}

# --- Email ---------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ODOP Market <no-reply@odop.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Files ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
#: Staff-only documents (GI authorised-user certificates): never under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))

#: The only media anyone may read by plain URL: finished, metadata-free images. On S3 the
#: bucket policy (manage.py setup_media_bucket) and kernel.storage.MediaS3Storage use it;
#: everything else (originals, raw uploads, documents) is private and signed.
MEDIA_PUBLIC_PREFIXES = ["products/images/", "reviews/photos/", "sellers/", "districts/", "events/"]
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
#: Where browsers load public media from ("" with local files): allowed by img-src below.
MEDIA_ORIGIN = ""
if AWS_STORAGE_BUCKET_NAME:
    _s3 = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        # "virtual" (bucket.s3.region.amazonaws.com), "path" (endpoint/bucket) or unset.
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
        "url_protocol": env("AWS_S3_URL_PROTOCOL", default="https:"),
    }
    # Renditions public by plain URL; originals and raw uploads under private/ are written
    # private and linked only by signed URLs (kernel.storage.MediaS3Storage).
    _media_storage = {
        "BACKEND": "kernel.storage.MediaS3Storage",
        "OPTIONS": {
            **_s3,
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "querystring_auth": False,
            # Signature V4: every region accepts it (V2 only the oldest ones).
            "signature_version": "s3v4",
            "file_overwrite": False,
            "default_acl": env("AWS_DEFAULT_ACL", default=None),
            "public_prefixes": MEDIA_PUBLIC_PREFIXES,
            "private_acl": env("AWS_PRIVATE_ACL", default="private"),
            "private_expire": env.int("AWS_PRIVATE_URL_SECONDS", default=300),
        },
    }
    # Documents for staff only: their own prefix, private objects, short signed URLs.
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **{
                key: value
                for key, value in _media_storage["OPTIONS"].items()
                if key not in ("private_acl", "private_expire", "public_prefixes")
            },
            "bucket_name": env("AWS_PRIVATE_BUCKET_NAME", default=AWS_STORAGE_BUCKET_NAME),
            "location": "private",
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_PRIVATE_URL_SECONDS", default=300),
            "default_acl": env("AWS_PRIVATE_ACL", default="private") or None,
        },
    }
    MEDIA_ORIGIN = bucket_origin(**_s3)
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _private_storage = {
        "BACKEND": "kernel.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }
#: Without a bucket the site serves finished images from MEDIA_ROOT itself (also in
#: production: odop_market/media.py says what it refuses). Off when the proxy serves them.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME) and (
    MEDIA_URL.startswith("/")
)

STORAGES = {
    "default": _media_storage,
    "private": _private_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# Uploads: a product photo may be 10 MB; a form post carries at most 8 of them.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_UPLOAD_IMAGE_BYTES = 10 * 1024 * 1024
MIN_IMAGE_SHORT_SIDE = 600
IMAGE_RENDITION_WIDTHS = (320, 640, 1280)

# --- Accounts ------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Email and password, or an Indian mobile number and a code by SMS (allauth's phone
# support; accounts.adapters stores the number on User.phone). The signup form
# (accounts.forms.SignupForm) needs the email only when no mobile number is given.
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["phone", "email*", "password1*", "password2*"]
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = env.int("LOGIN_CODE_TIMEOUT", default=300)
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
#: Codes by SMS are six digits, as Indian banks' and services' are.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = env.int("PHONE_VERIFICATION_TIMEOUT", default=600)
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = 3
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env(
    "ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory"
)
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = format_lazy("[{}] ", _("ODOP Market"))
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's rate limits stay on (its defaults cover login, signup and password reset);
# tighten failed logins a little.
# Codes by SMS cost money and can be used to pester a number: sign-in codes at most 3 a
# number per 5 minutes and 10 an address per hour; verification codes (sign-up, a new
# number) 1 a number per 30 seconds and 10 an address per hour.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/m/ip,5/5m/key",
    "request_login_code": "10/h/ip,3/5m/key",
    "verify_phone": "1/30s/key,10/h/ip",
}
# --- Client address behind the proxy (sign-in limits count per client) ---------------
#: Production runs behind a TLS proxy that overwrites X-Real-IP with the client's address
#: (README, "Deploying"): allauth's per-IP limits count that, not the proxy's address,
#: which would let five bad passwords lock everyone out. Set TRUSTED_CLIENT_IP_HEADER=""
#: (and TRUSTED_PROXY_COUNT for X-Forwarded-For, or neither for the connecting address)
#: when another proxy sets another header. Development and tests have no proxy.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
    env("TRUSTED_CLIENT_IP_HEADER", default="" if DEBUG else "X-Real-IP") or None
)
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ODOP Market"

# --- Internationalisation ------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hi", _("Hindi"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
#: Hindi dates day first with 24-hour times (Django's own Hindi formats are month first).
FORMAT_MODULE_PATH = ["odop_market.locale_formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Kolkata"

# --- Marketplace rules ---------------------------------------------------------------

#: Shipping per artisan's parcel, waived when that artisan's part reaches the threshold.
SHIPPING_CHARGE_PER_SELLER = env("SHIPPING_CHARGE_PER_SELLER", default="60.00")
FREE_SHIPPING_THRESHOLD = env("FREE_SHIPPING_THRESHOLD", default="999.00")
#: Translated: "ODOP मार्केट" on Hindi pages, in Hindi emails and their subjects.
SITE_NAME = _("ODOP Market")

# --- Payments ------------------------------------------------------------------------

#: Payment methods offered at checkout, loaded by orders.payments (like email backends).
#: A gateway without its keys is not offered: the quick start shows cash on delivery only.
PAYMENT_METHODS = ["orders.payments.CashOnDelivery", "payments.methods.RazorpayCheckout"]
#: Cash on delivery only up to this order total in rupees (empty: no ceiling).
COD_MAX_ORDER_TOTAL = env("COD_MAX_ORDER_TOTAL", default="")
#: An online order not paid within this many minutes gives its stock back.
PAYMENT_EXPIRY_MINUTES = env.int("PAYMENT_EXPIRY_MINUTES", default=15)
#: A buyer may ask to return an item up to this many days after delivery (day 7 is in,
#: day 8 out). Settlement holds an artisan's money at least this long.
RETURN_WINDOW_DAYS = env.int("RETURN_WINDOW_DAYS", default=7)
#: Sub-orders whose items are worth more than this (rupees) get return protection:
#: packing photos before shipping, photos with any return.
RETURN_PROTECTION_THRESHOLD = env("RETURN_PROTECTION_THRESHOLD", default="5000")
#: Razorpay keys, from the environment only (see SECURITY.md). All three or none.
RAZORPAY_KEY_ID = env("RAZORPAY_KEY_ID", default="")
RAZORPAY_KEY_SECRET = env("RAZORPAY_KEY_SECRET", default="")
RAZORPAY_WEBHOOK_SECRET = env("RAZORPAY_WEBHOOK_SECRET", default="")
#: The API origin; the local stand-in (`manage.py run_gateway_standin`) in test gateway mode.
RAZORPAY_BASE_URL = env("RAZORPAY_BASE_URL", default="https://api.razorpay.com")
#: Seconds to wait for the gateway before giving up on one call.
RAZORPAY_TIMEOUT = env.float("RAZORPAY_TIMEOUT", default=10.0)
#: RazorpayX current account the payouts are paid from. With it and the gateway keys set,
#: payout runs send payouts through RazorpayX; without, they export a bank NEFT file.
RAZORPAYX_ACCOUNT_NUMBER = env("RAZORPAYX_ACCOUNT_NUMBER", default="")

# --- Artisans' ledger and payouts ----------------------------------------------------

#: Marketplace commission (% of the items' price) when no commission rate row applies.
COMMISSION_DEFAULT_PERCENT = env("COMMISSION_DEFAULT_PERCENT", default="5.00")
#: Tax the marketplace, as an e-commerce operator, withholds from each sale: dated rates
#: "from-date:percent,…", the one in force on the day of the sale applies.
#: GST TCS, section 52 of the CGST Act 2017: 1% (0.5% CGST + 0.5% SGST, or 1% IGST) from
#: 1 Oct 2018 (notification 52/2018-Central Tax); 0.5% from 10 Jul 2024 (notification
#: 15/2024-Central Tax).
GST_TCS_RATES = env("GST_TCS_RATES", default="2018-10-01:1.00,2024-07-10:0.50")
#: Income-tax TDS, section 194-O of the Income-tax Act 1961 (Finance Act 2020): 1% from
#: 1 Oct 2020; 0.1% from 1 Oct 2024 (Finance (No. 2) Act 2024).
TDS_194O_RATES = env("TDS_194O_RATES", default="2020-10-01:1.00,2024-10-01:0.10")
#: TrueType fonts for the PDF statements (fonts-noto-core: NotoSans, NotoSansDevanagari).
STATEMENT_FONT_DIR = env("STATEMENT_FONT_DIR", default="/usr/share/fonts/truetype/noto")
#: Key for the encrypted KYC and bank fields; derived from SECRET_KEY when unset.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", default="")

# --- Security ------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
#: Offers to send a form again with a valid token (forms on publicly cached pages).
CSRF_FAILURE_VIEW = "odop_market.http_cache.csrf_failure"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    LANGUAGE_COOKIE_SECURE = env.bool("LANGUAGE_COOKIE_SECURE", default=True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"] + ([MEDIA_ORIGIN] if MEDIA_ORIGIN else []),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging -------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Emails, mobiles, PAN, GSTIN, Udyam and account numbers never reach a log line.
    "filters": {"personal_data": {"()": "odop_market.log_filters.PersonalDataFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers (an unfiltered console when DEBUG, mail_admins) are
        # dropped: its records go through the root handler and its filter like all others.
        "django": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        "django_redis": {"level": "ERROR"},
    },
}
