"""Our CSRF middleware accepts our own forms under Referrer-Policy: no-referrer
(browsers send ``Origin: null`` and no Referer) but still refuses forged posts."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/accounts/login/"


def _client_with_token() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    return client, client.cookies["csrftoken"].value


def _post(client: Client, token: str | None, **headers: str) -> int:
    data = {"username": "nobody", "password": "wrong password"}
    if token is not None:
        data["csrfmiddlewaretoken"] = token
    return client.post(URL, data, **headers).status_code


def test_own_form_with_null_origin_and_no_referer_is_accepted() -> None:
    client, token = _client_with_token()
    assert _post(client, token, HTTP_ORIGIN="null") == 200


def test_own_form_over_https_without_referer_is_accepted() -> None:
    client, token = _client_with_token()
    assert _post(client, token, HTTP_ORIGIN="null", secure=True) == 200  # type: ignore[arg-type]


def test_missing_token_is_refused_even_with_null_origin() -> None:
    client, _ = _client_with_token()
    assert _post(client, None, HTTP_ORIGIN="null") == 403


def test_cross_site_origin_is_refused_even_with_a_token() -> None:
    client, token = _client_with_token()
    assert _post(client, token, HTTP_ORIGIN="https://attacker.example") == 403


def test_cross_site_referer_over_https_is_refused() -> None:
    client, token = _client_with_token()
    status = _post(client, token, HTTP_REFERER="https://attacker.example/x", secure=True)  # type: ignore[arg-type]
    assert status == 403
