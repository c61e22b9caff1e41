"""The ceiling for a Django page: one view returning a fixed 10 kB page, through the same security
middleware the forum runs, no database, no templates. Served by gunicorn exactly as the forum is:

    gunicorn benchmarks.minimal_django:application --workers 2 --bind 127.0.0.1:PORT

A forum page's throughput as a share of this one's is the share of the time left to Django itself
that the forum's own work (queries, templates, sessions) does not take.
"""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="benchmark-minimal-django-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_I18N=False,
        LOGGING_CONFIG=None,
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

PAGE_BYTES = 10_000
_HEAD = b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>minimal</title></head><body>\n'
_TAIL = b"</body></html>\n"
_LINE = b"<p>The quick brown fox jumps over the lazy dog, again and again, to fill a page.</p>\n"
_BODY = (_LINE * (PAGE_BYTES // len(_LINE) + 1))[: PAGE_BYTES - len(_HEAD) - len(_TAIL)]
PAGE = _HEAD + _BODY + _TAIL
assert len(PAGE) == PAGE_BYTES


def page(request):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page)]

application = get_wsgi_application()
