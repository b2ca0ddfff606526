"""Vietnamese first: a browser that asks for English still gets Vietnamese until the
user picks English with the switch; the choice then sticks."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_vietnamese_even_when_the_browser_prefers_english(client: Client) -> None:
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "<title>Đăng nhập · Lá Chắn</title>" in response.content.decode()


def test_the_language_switch_is_remembered(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response["Content-Language"] == "en"
    assert "<title>Log in · Lá Chắn</title>" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client: Client) -> None:
    client.cookies["lachan_language"] = "fr"
    assert client.get("/accounts/login/")["Content-Language"] == "vi"


def test_api_errors_speak_vietnamese_by_default(client: Client) -> None:
    response = client.get("/api/v1/people/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"code": "unauthenticated", "message": "Cần đăng nhập.", "fields": {}}
