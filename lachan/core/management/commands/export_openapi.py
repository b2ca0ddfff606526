"""``manage.py export_openapi``: write the API schema to ``openapi.json`` (committed; a
test fails when it drifts from the code)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Write the OpenAPI schema of /api/v1/ to openapi.json."

    def handle(self, *args: Any, **options: Any) -> None:
        from config.api import api

        schema = api.get_openapi_schema(path_prefix="/api/v1/")
        path = Path(settings.BASE_DIR) / "openapi.json"
        text = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path.name} ({len(schema.get('paths', {}))} paths).")
