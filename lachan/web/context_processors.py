from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from lachan.web.navigation import entries_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    path = request.path.strip("/").split("/")
    return {
        "nav_entries": entries_for(request.user),
        "nav_section": path[0] if path else "",
        # Each language named in itself, untranslated and NFC (Django's own table is NFD).
        "ui_languages": settings.LANGUAGES,
    }
