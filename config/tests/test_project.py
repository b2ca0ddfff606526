"""Project-wide guards: no missing migration, the committed OpenAPI schema matches the
code, and the README keeps its two commands."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(f"Models changed without a migration:\n{out.getvalue()} ({exc})")


def test_committed_openapi_schema_matches_the_code() -> None:
    from config.api import api

    committed = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    current = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    assert committed == current, (
        "openapi.json is out of date: run `./.venv/bin/python manage.py export_openapi`"
    )


def test_readme_has_exactly_the_two_quick_start_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line.strip() for line in readme.splitlines() if line.startswith("    ./")]
    assert commands == ["./run", "./test"]
