"""Helpers for the accounts tests: users with a confirmed second factor, codes made
with pyotp, and the login steps driven through the real views."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

PASSWORD = "correct horse battery"  # the factories' password


def code_at(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def wrong_code(secret: str) -> str:
    """A code valid for no step of the current window."""
    valid = {code_at(secret, offset) for offset in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


@pytest.fixture
def make_totp_user(make_user: Callable[..., Any]) -> Callable[..., Any]:
    """A user whose authenticator is enrolled (secret known to the test)."""

    def make(**kwargs: Any) -> Any:
        user = make_user(**kwargs)
        user.totp_secret = pyotp.random_base32()
        user.totp_confirmed_at = timezone.now()
        user.save(update_fields=["totp_secret", "totp_confirmed_at"])
        return user

    return make


def post_password(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def post_code(client: Client, code: str) -> Any:
    return client.post(reverse("accounts:login_totp"), {"code": code})


def full_login(client: Client, user: Any, *, code: str | None = None) -> Any:
    response = post_password(client, user.username)
    assert response.status_code == 302, response.content.decode()[:2000]
    return post_code(client, code or code_at(user.totp_secret))


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def normalise(body: bytes, *typed: str) -> str:
    """A page's text without what legitimately differs between two requests: the CSRF
    tokens and what the visitor typed."""
    text = body.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "csrf", text)
    for value in typed:
        text = text.replace(value, "<typed>")
    return text
