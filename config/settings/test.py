"""Test settings: fixed throw-away keys, a fast password hasher, and the same database
choice as production when DATABASE_URL is set (CI runs the suite on both)."""

from .base import *

SECRET_KEY = "test-secret-key-not-for-production"
LACHAN_DATA_KEYS = ["KwHG0MjoT5Xp0MS979u0i1qDJ-ih1L0OFOTeaVAR6IQ="]
LACHAN_INDEX_KEY = "test-index-key-not-for-production"
# Argon2 stays first so the hashing code path is the production one; its cost is small.
PASSWORD_HASHERS = [
    "lachan.accounts.hashers.FastArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not :memory:) so that the live-server browser tests share it; a per-run name
    # lets several test runs share one checkout.
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / env.str("LACHAN_TEST_SQLITE", default="var/test.sqlite3"))
    }
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Register public submissions at once in tests (the burst yield has its own tests).
LACHAN_PUBLIC_REGISTRATION_MAX_YIELD_SECONDS = 0
