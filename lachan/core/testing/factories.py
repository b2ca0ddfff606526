"""Factories shared by every app's tests (factory_boy). Agencies hang off real
administrative units: the geo data migration loads them into every test database."""

from __future__ import annotations

import time
from typing import Any

import factory
from django.test import Client

from lachan.access.roles import Role
from lachan.accounts.middleware import SESSION_LOGIN_AT
from lachan.accounts.models import Agency, AgencyType, User
from lachan.core.text import fold
from lachan.geo.models import AdminUnit, Era, Level


def unit(code: str, *, era: str = Era.CURRENT) -> AdminUnit:
    """A real unit by official code (e.g. "31" Hải Phòng, "40" Nghệ An, "92" Cần Thơ)."""
    return AdminUnit.objects.get(era=era, code=code)


def commune_of(province_code: str) -> AdminUnit:
    return (
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province__code=province_code)
        .order_by("code")
        .first()
    )  # type: ignore[return-value]


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Công an tỉnh thử nghiệm {n}")
    name_key = factory.LazyAttribute(lambda o: fold(o.name))
    agency_type = AgencyType.PROVINCIAL_POLICE
    admin_unit = factory.LazyFunction(lambda: unit("31"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    name_key = factory.LazyAttribute(lambda o: fold(o.full_name))
    role = Role.OFFICER
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_after(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


def logged_in_client(user: User, **client_kwargs: Any) -> Client:
    """A client with a full staff session (as after password + TOTP)."""
    client = Client(**client_kwargs)
    client.force_login(user)
    session = client.session
    session[SESSION_LOGIN_AT] = time.time()
    session.save()
    return client
