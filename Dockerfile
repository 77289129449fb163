# ODOP Market, the production image: gunicorn (web), Celery (worker, beat) and one-off
# manage.py commands all run from it. compose.yaml shows the whole deployment.
#
#   docker build -t odop-market .
#
# Stage 1 installs the pinned requirements into a virtualenv; stage 2 copies that and
# the code, collects static files (hashed and compressed, served by whitenoise) and runs
# as an unprivileged user. Nothing is written inside the image at run time: media go to
# the S3 bucket, sessions to PostgreSQL, the cache and the queue to Redis.

FROM python:3.11.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt

FROM python:3.11.11-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=odop_market.settings \
    STATIC_ROOT=/app/staticfiles \
    GUNICORN_BIND=0.0.0.0:8000
RUN groupadd --system --gid 10001 odop \
    && useradd --system --uid 10001 --gid odop --home-dir /app --shell /usr/sbin/nologin odop
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=odop:odop . /app
# Static files are part of the image (whitenoise serves them with far-future headers).
# The settings need a secret and a host to load; these placeholders never reach run time.
RUN DEBUG=false SECRET_KEY=collectstatic-at-build-time-only ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --no-input -v0
USER 10001:10001
EXPOSE 8000
CMD ["gunicorn", "odop_market.wsgi", "--workers", "3"]
