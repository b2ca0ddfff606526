"""Production: refuses to start with DEBUG on, the default secret key or no data key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = env.bool("DJANGO_DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
if not SECRET_KEY or SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value.")
if not LACHAN_DATA_KEYS or not LACHAN_INDEX_KEY:
    raise ImproperlyConfigured("Set LACHAN_DATA_KEYS and LACHAN_INDEX_KEY.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
LACHAN_PRODUCTION = True
