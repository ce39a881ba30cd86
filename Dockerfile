# Production image: slim Python 3.13, a non-root user, gunicorn.
# Migrations are a release step, not part of the start command:
#   docker run --rm --env-file prod.env IMAGE python manage.py migrate --noinput
#   docker run --rm --env-file prod.env IMAGE python manage.py refresh_document_publicity
#   docker run --rm --env-file prod.env IMAGE python manage.py write_outage_pages
# The task worker (emails, edge purges, image renditions) is a second process
# from the same image, always running beside the web server:
#   docker run --env-file prod.env IMAGE python manage.py db_worker --no-reload
FROM python:3.13-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /src
# The locked runtime dependencies (`make lock`): pinned, each file hash-checked.
# base.txt, not dev.txt: the demo's packages (fpdf2) and the demo app itself
# (.dockerignore) stay out of the image.
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes -r requirements/base.txt

FROM python:3.13-slim-bookworm
RUN apt-get update --yes --quiet \
 && apt-get install --yes --quiet --no-install-recommends libjpeg62-turbo zlib1g libwebp7 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 app
COPY --from=build /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PORT=8000
WORKDIR /app
COPY --chown=app:app . .
# collectstatic needs settings to import; these build-time values are
# thrown away and never used to serve requests.
RUN SECRET_KEY=build-only-not-secret-collectstatic-needs-fifty-characters ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput -v0
USER app
EXPOSE 8000
CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile - --forwarded-allow-ips='*'"]
