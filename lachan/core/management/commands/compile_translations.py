"""``manage.py compile_translations``: .po → .mo in pure Python (polib), so that a
fresh machine without GNU gettext can build the UI languages. Compiles the project's
``locale/`` and every app's ``locale/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalog_files() -> list[Path]:
    roots = [Path(p) for p in settings.LOCALE_PATHS]
    roots += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    # Only our own catalogs: third-party apps ship compiled ones (and may live in .venv
    # under the project directory).
    ours = [Path(settings.BASE_DIR).resolve() / name for name in ("lachan", "locale", "config")]
    return sorted(
        po
        for root in roots
        if root.is_dir() and any(r == root.resolve() or r in root.resolve().parents for r in ours)
        for po in root.glob("*/LC_MESSAGES/*.po")
    )


class Command(BaseCommand):
    help = "Compile the project's .po translation catalogs to .mo without GNU gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for po_path in catalog_files():
            catalog = polib.pofile(str(po_path))
            catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
            count += 1
        self.stdout.write(f"Compiled {count} translation catalogs.")
