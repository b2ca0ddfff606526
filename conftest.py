"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lachan.core.crypto import reset_key_cache


@pytest.fixture(autouse=True)
def _fresh_keys() -> None:
    reset_key_cache()


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from lachan.core.testing.factories import UserFactory

    def make(**kwargs: Any) -> Any:
        return UserFactory(**kwargs)

    return make


@pytest.fixture
def make_agency(db: Any) -> Callable[..., Any]:
    from lachan.core.testing.factories import AgencyFactory

    def make(**kwargs: Any) -> Any:
        return AgencyFactory(**kwargs)

    return make


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    from lachan.core.testing.factories import logged_in_client

    return logged_in_client


pytest_plugins = ["lachan.core.testing.browser"]
