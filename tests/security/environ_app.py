"""A WSGI app that answers with the parts of its environ gunicorn may take from headers."""

import json

SHOWN = ("SCRIPT_NAME", "PATH_INFO", "REMOTE_ADDR", "HTTP_X_REAL_IP", "wsgi.url_scheme")


def app(environ, start_response):
    body = json.dumps({key: environ.get(key, "") for key in SHOWN}).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
