"""gunicorn settings, read from this directory (`gunicorn odop_market.wsgi` in README).

gunicorn believes some request headers when they come from an address in
``forwarded_allow_ips``: the TLS proxy in front of it, on the same host by default.
A header the proxy passes through untouched is the client's, so gunicorn takes only what
our proxy sets, and overwrites, on every request (README, "Deploying"):

- no ``SCRIPT_NAME`` or ``PATH_INFO`` header: the site is served at the root, and such a
  header would make Django route a URL other than the one the proxy checked;
- the scheme only from ``X-Forwarded-Proto``.

The client's address reaches Django in ``X-Real-IP`` (settings: TRUSTED_CLIENT_IP_HEADER).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
forwarder_headers = ""
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
# Headers with underscores (SCRIPT_NAME, X_Real_IP…) are dropped, never merged with others.
header_map = "drop"
