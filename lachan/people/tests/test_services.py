"""Person services: validation, index maintenance, audit, and denial without effect."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.core.identifiers import identifier_index
from lachan.core.testing.factories import commune_of, unit
from lachan.people.indexing import name_index, token_index
from lachan.people.models import Person, PersonNameToken
from lachan.people.services import (
    AddressInput,
    IdentifierInput,
    person_add_address,
    person_add_identifier,
    person_create,
    person_remove_address,
    person_remove_identifier,
    person_update,
)
from lachan.people.tests.helpers import actions, make_person, snapshot


def test_create_stores_clean_values_indexes_and_one_audit_event(hp_officer: Any) -> None:
    person = person_create(
        actor=hp_officer,
        full_name="  đặng   THỊ hường ",
        aliases=["Hường", "bé Hường", "đặng thị hường"],
        sex="female",
        birth_date=dt.date(2004, 3, 9),
        ethnicity="01",
        nationality="vn",
        admin_unit=commune_of("31"),
        identifiers=[
            IdentifierInput("phone", "0987 654 321"),
            IdentifierInput("cccd", "031304000123"),
        ],
        addresses=[AddressInput("permanent", "Thôn 3, xã Tân Tiến", commune_of("31"))],
    )
    person = Person.objects.get(pk=person.pk)
    assert person.full_name == "Đặng Thị Hường"
    assert person.aliases == ["Hường", "Bé Hường"]  # the repeat of the name is dropped
    assert (person.birth_date, person.birth_year, person.birth_precision) == (
        "2004-03-09",
        2004,
        "exact",
    )
    assert person.nationality == "VN"
    assert person.owner_agency_id == hp_officer.agency_id
    assert person.created_by_id == hp_officer.pk
    assert person.name_index == name_index("dang thi huong")
    tokens = set(
        PersonNameToken.objects.filter(person=person).values_list("token_index", flat=True)
    )
    assert tokens == {token_index(t) for t in ("dang", "thi", "huong", "be")}
    assert sorted(person.identifiers.values_list("kind", "value_index")) == [
        ("cccd", identifier_index("cccd", "031304000123")),
        ("phone", identifier_index("phone", "+84987654321")),
    ]
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.actor_id) == (
        "person.create",
        str(person.pk),
        hp_officer.pk,
    )
    assert event.changes == sorted(
        [
            "addresses",
            "admin_unit",
            "aliases",
            "birth_date",
            "birth_precision",
            "birth_year",
            "ethnicity",
            "full_name",
            "identifiers",
            "nationality",
            "sex",
        ]
    )
    assert "Hường" not in str(event.changes) and "987" not in str(event.changes)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"full_name": "   "}, "full_name", "Hãy nhập họ và tên."),
        ({"full_name": "123 456"}, "full_name", "Họ tên phải có chữ cái."),
        ({"sex": "x"}, "sex", "Hãy chọn một giá trị trong danh sách."),
        ({"ethnicity": "99"}, "ethnicity", "Hãy chọn một giá trị trong danh sách."),
        ({"nationality": "QQ"}, "nationality", "Hãy chọn một quốc gia trong danh sách."),
        ({"birth_year": 1850}, "birth_year", "Hãy nhập năm từ 1900 đến năm nay."),
        ({"birth_date": dt.date(2999, 1, 1)}, "birth_date", "Ngày sinh ở tương lai."),
        ({"birth_precision": "exact"}, "birth_date", "Hãy nhập ngày sinh."),
        (
            {"birth_year": 1990, "birth_precision": "exact"},
            "birth_precision",
            "Khi chỉ biết năm, hãy chọn “Chỉ biết năm” hoặc “Năm ước tính”.",
        ),
        (
            {"identifiers": [IdentifierInput("phone", "0912")]},
            "identifiers.0.value",
            "Số điện thoại không đúng độ dài.",
        ),
        (
            {"identifiers": [IdentifierInput("cccd", "12345")]},
            "identifiers.0.value",
            "Số CCCD phải có đúng 12 chữ số.",
        ),
        (
            {"admin_unit": None, "addresses": [AddressInput("current", " ")]},
            "addresses.0.text",
            "Hãy nhập địa chỉ.",
        ),
    ],
)
def test_create_refuses_bad_input_with_vietnamese_messages(
    hp_officer: Any, kwargs: dict[str, Any], field: str, message: str
) -> None:
    kwargs = {"full_name": "Nguyễn Văn An", **kwargs}
    with translation.override("vi"), pytest.raises(ValidationFailed) as info:
        person_create(actor=hp_officer, **kwargs)
    assert info.value.fields[field] == [message]
    assert str(info.value.message) == "Vui lòng sửa các lỗi bên dưới."
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


def test_legacy_unit_is_refused(hp_officer: Any) -> None:
    from lachan.geo.models import AdminUnit, Era, Level

    legacy = AdminUnit.objects.filter(era=Era.LEGACY).first() or AdminUnit.objects.create(
        era=Era.LEGACY, level=Level.PROVINCE, code="30", name="Tỉnh Hải Dương",
        short_name="Hải Dương", division_type="tỉnh", name_key="hai duong",
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as info:
        person_create(actor=hp_officer, full_name="Nguyễn Văn An", admin_unit=legacy)
    assert list(info.value.fields) == ["admin_unit"]


def test_roles_without_create_and_users_without_agency_cannot_create(
    make_user: Any, hp_agency: Any
) -> None:
    analyst = make_user(role="analyst", agency=hp_agency)
    loose = make_user(role="officer", agency=None)
    for actor in (analyst, loose):
        with pytest.raises(PermissionDenied):
            person_create(actor=actor, full_name="Nguyễn Văn An")
    assert not Person.objects.exists() and not AuditEvent.objects.exists()


def test_update_changes_given_fields_resyncs_tokens_and_audits_names_only(
    hp_officer: Any,
) -> None:
    person = make_person(hp_officer, aliases=["Bé"])
    person_update(actor=hp_officer, person=person, full_name="Đặng Thị Lan", sex="female")
    person = Person.objects.get(pk=person.pk)
    assert person.full_name == "Đặng Thị Lan"
    assert person.name_index == name_index("Dang Thi Lan")
    tokens = set(person.name_tokens.values_list("token_index", flat=True))
    assert tokens == {token_index(t) for t in ("dang", "thi", "lan", "be")}
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.changes) == ("person.update", ["full_name", "sex"])


def test_update_without_a_change_writes_nothing(hp_officer: Any) -> None:
    person = make_person(hp_officer, sex="female")
    before = snapshot()
    person_update(actor=hp_officer, person=person, full_name="đặng thị hường", sex="female")
    assert snapshot() == before


def test_update_birth_fields_go_together(hp_officer: Any) -> None:
    person = make_person(hp_officer, birth_date=dt.date(2001, 5, 1))
    person_update(actor=hp_officer, person=person, birth_year=2000, birth_precision="approximate")
    person = Person.objects.get(pk=person.pk)
    assert (person.birth_date, person.birth_year, person.birth_precision) == (
        "",
        2000,
        "approximate",
    )


def test_denied_update_changes_nothing_and_writes_no_audit_event(
    hp_officer: Any, na_officer: Any, na_supervisor: Any
) -> None:
    # Lives in Nghệ An, recorded by Hải Phòng: the Nghệ An supervisor reaches the record
    # through jurisdiction but may not change it; the Nghệ An officer does not reach it.
    person = make_person(hp_officer, admin_unit=unit("40"))
    before = snapshot()
    with pytest.raises(PermissionDenied):
        person_update(actor=na_supervisor, person=person, full_name="Người Khác")
    with pytest.raises(NotFound):
        person_update(actor=na_officer, person=person, full_name="Người Khác")
    with pytest.raises(NotFound):
        person_add_identifier(actor=na_officer, person=person, kind="phone", value="0912345678")
    with pytest.raises(PermissionDenied):
        person_add_address(actor=na_supervisor, person=person, kind="current", text="Vinh")
    assert snapshot() == before
    assert Person.objects.get(pk=person.pk).full_name == "Đặng Thị Hường"


def test_identifiers_are_added_deduplicated_and_removed_with_audit(hp_officer: Any) -> None:
    person = make_person(hp_officer)
    identifier = person_add_identifier(
        actor=hp_officer, person=person, kind="phone", value="0987.654.321"
    )
    assert identifier.value == "0987.654.321"  # kept as entered, encrypted
    assert identifier.value_index == identifier_index("phone", "+84987654321")
    with translation.override("vi"), pytest.raises(ValidationFailed) as info:
        person_add_identifier(actor=hp_officer, person=person, kind="phone", value="+84987654321")
    assert info.value.fields == {"value": ["Định danh này đã được ghi cho người này."]}
    # The same number as a Zalo account is another identifier of the same person.
    person_add_identifier(actor=hp_officer, person=person, kind="zalo", value="zalo.me/0987654321")
    person_remove_identifier(actor=hp_officer, person=person, identifier_id=identifier.pk)
    assert list(person.identifiers.values_list("kind", flat=True)) == ["zalo"]
    events = AuditEvent.objects.filter(action__endswith="_identifier").order_by("seq")
    assert [(e.action, e.changes["kind"]) for e in events] == [
        ("person.add_identifier", "phone"),
        ("person.add_identifier", "zalo"),
        ("person.remove_identifier", "phone"),
    ]
    assert all("987" not in str(e.changes) for e in events)


def test_removing_an_identifier_of_another_person_is_not_found(hp_officer: Any) -> None:
    first = make_person(hp_officer, ids=[("phone", "0912345678")])
    second = make_person(hp_officer, full_name="Lê Văn Tám")
    before = snapshot()
    with pytest.raises(NotFound):
        person_remove_identifier(
            actor=hp_officer, person=second, identifier_id=first.identifiers.get().pk
        )
    assert snapshot() == before


def test_addresses_are_added_and_removed_with_audit(hp_officer: Any) -> None:
    person = make_person(hp_officer)
    address = person_add_address(
        actor=hp_officer,
        person=person,
        kind="current",
        text="  Số 5,  ngõ 12 Lạch Tray ",
        admin_unit=commune_of("31"),
    )
    assert address.text == "Số 5, ngõ 12 Lạch Tray"
    person_remove_address(actor=hp_officer, person=person, address_id=address.pk)
    assert not person.addresses.exists()
    assert actions()[-2:] == ["person.add_address", "person.remove_address"]
