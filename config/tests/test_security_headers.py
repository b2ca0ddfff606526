"""Security headers on pages and API answers; production settings that refuse to start
unsafely; and nothing we ship that the Content-Security-Policy would block or that
loads from a third-party host."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from lachan.access.roles import Role

ROOT = Path(__file__).resolve().parent.parent.parent


# -- headers -----------------------------------------------------------------------------------
def _assert_security_headers(response: Any) -> None:
    csp = response["Content-Security-Policy"]
    directives = [d.strip() for d in csp.split(";")]
    assert "default-src 'self'" in directives
    assert "frame-ancestors 'none'" in directives
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_carry_the_security_headers(make_user: Any, client_for: Any) -> None:
    login_page = Client().get("/accounts/login/")
    assert login_page.status_code == 200
    _assert_security_headers(login_page)
    home = client_for(make_user(role=Role.OFFICER)).get("/")
    assert home.status_code == 200
    _assert_security_headers(home)
    not_found = client_for(make_user(role=Role.OFFICER)).get("/no/such/page/")
    assert not_found.status_code == 404
    _assert_security_headers(not_found)


@pytest.mark.django_db
def test_api_answers_carry_the_security_headers(make_user: Any, client_for: Any) -> None:
    anonymous = Client().get("/api/v1/audit/events")
    assert anonymous.status_code == 401
    _assert_security_headers(anonymous)
    answer = client_for(make_user(role=Role.AUDITOR, agency=None)).get("/api/v1/audit/events")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    _assert_security_headers(answer)


@pytest.mark.django_db
def test_a_logged_in_session_still_needs_the_csrf_token_for_api_writes(
    make_user: Any, client_for: Any
) -> None:
    user = make_user(role=Role.OFFICER)
    client = client_for(user, enforce_csrf_checks=True)
    response = client.post("/api/v1/accounts/tokens", data="{}", content_type="application/json")
    assert response.status_code == 403
    assert json.loads(response.content)["code"] == "permission_denied"


# -- production settings -----------------------------------------------------------------------
_READ_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ("
    "'DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', "
    "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', "
    "'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS')}))"
)


def _production(**overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "p" + Fernet.generate_key().decode() + Fernet.generate_key().decode(),
        "LACHAN_DATA_KEYS": Fernet.generate_key().decode(),
        "LACHAN_INDEX_KEY": Fernet.generate_key().decode(),
        **overrides,
    }
    return subprocess.run(
        [sys.executable, "-c", _READ_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_use_hsts_and_secure_cookies() -> None:
    result = _production()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG must be off in production."),
        ({"DJANGO_SECRET_KEY": "insecure-development-key-change-me"}, "Set DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": ""}, "Set DJANGO_SECRET_KEY"),
        ({"LACHAN_DATA_KEYS": ""}, "Set LACHAN_DATA_KEYS and LACHAN_INDEX_KEY."),
        ({"LACHAN_INDEX_KEY": ""}, "Set LACHAN_DATA_KEYS and LACHAN_INDEX_KEY."),
    ],
    ids=["debug-on", "default-secret", "empty-secret", "no-data-key", "no-index-key"],
)
def test_production_refuses_to_start_unsafely(overrides: dict[str, str], message: str) -> None:
    result = _production(**overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


# -- what we ship ------------------------------------------------------------------------------
def _shipped_files() -> list[Path]:
    templates = [
        path
        for path in (ROOT / "lachan").rglob("*")
        if path.is_file() and "templates" in path.relative_to(ROOT).parts
    ]
    static = [
        path
        for path in (ROOT / "static").rglob("*")
        if path.is_file() and "vendor" not in path.relative_to(ROOT / "static").parts
    ]
    return sorted(templates + static)


# XML/SVG namespace names are identifiers, never fetched.
_ALLOWED_URLS = re.compile(r"https?://www\.w3\.org/")
_ABSOLUTE_URL = re.compile(r"https?://[^\s\"'<>)]+", re.I)
_PROTOCOL_RELATIVE = re.compile(r"""(?:\b(?:src|href|action)\s*=\s*["']?|url\(\s*["']?)//""", re.I)
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
_DATA_SCRIPT = re.compile(r"""type\s*=\s*["']application/(?:ld\+)?json["']""", re.I)
_STYLE_ATTRIBUTE = re.compile(r"""<[^>]*\sstyle\s*=""", re.I | re.S)
_STYLE_ELEMENT = re.compile(r"<style\b", re.I)
_EVENT_HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=\s*["']""", re.I | re.S)
_JAVASCRIPT_URL = re.compile(r"javascript:", re.I)


def _problems(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []  # images and fonts: nothing to run
    found = [
        f"third-party URL {url}"
        for url in _ABSOLUTE_URL.findall(text)
        if not _ALLOWED_URLS.match(url)
    ]
    if _PROTOCOL_RELATIVE.search(text):
        found.append("protocol-relative URL (another host)")
    if path.suffix in (".html", ".svg", ".txt", ".xml"):
        for match in _SCRIPT.finditer(text):
            if _DATA_SCRIPT.search(match.group("attrs")):
                continue
            if "src=" not in match.group("attrs") or match.group("body").strip():
                found.append("inline <script>")
        if _STYLE_ATTRIBUTE.search(text):
            found.append("style= attribute")
        if _STYLE_ELEMENT.search(text):
            found.append("inline <style> element")
        if _EVENT_HANDLER.search(text):
            found.append("inline event handler (on…=)")
        if _JAVASCRIPT_URL.search(text):
            found.append("javascript: URL")
    return found


def test_the_scan_catches_what_csp_would_block(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<script src="https://cdn.example.com/x.js"></script><script>alert(1)</script>'
        '<p style="color:red" onclick="x()">a</p><link href="//fonts.example.com/a.css">',
        encoding="utf-8",
    )
    assert sorted(_problems(bad)) == sorted(
        [
            "third-party URL https://cdn.example.com/x.js",
            "protocol-relative URL (another host)",
            "inline <script>",
            "style= attribute",
            "inline event handler (on…=)",
        ]
    )
    good = tmp_path / "good.html"
    good.write_text(
        '<script src="/static/vendor/htmx.js" defer></script>'
        '<svg xmlns="http://www.w3.org/2000/svg"></svg><p class="hint">a</p>',
        encoding="utf-8",
    )
    assert _problems(good) == []


def test_templates_and_static_files_load_nothing_from_elsewhere_and_run_nothing_inline() -> None:
    files = _shipped_files()
    assert any(p.name == "base.html" for p in files)
    assert any(p.suffix == ".css" for p in files)
    problems = {str(path.relative_to(ROOT)): found for path in files if (found := _problems(path))}
    assert problems == {}
