"""Staff pages for persons: masked list and detail, audited reveal, forms with
Vietnamese errors, and 404 for records out of reach."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of, unit
from lachan.people.models import Person
from lachan.people.tests.helpers import actions, make_person, snapshot


@pytest.fixture
def hp_person(hp_officer: Any) -> Person:
    return make_person(
        hp_officer,
        "Đặng Thị Hường",
        admin_unit=commune_of("31"),
        ids=[("phone", "0987 654 378")],
    )


def _detail(person: Person) -> str:
    return reverse("people:detail", kwargs={"person_id": person.pk})


def test_list_shows_masked_names_and_searches(
    client_for: Any, hp_officer: Any, hp_person: Person
) -> None:
    make_person(hp_officer, "Lê Văn Tám")
    client = client_for(hp_officer)
    response = client.get(reverse("people:list"), {"q": "dang thi huong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đ*** T** H***" in html
    assert "Hường" not in html and "L* V** T**" not in html
    assert "Hiện họ tên" in html  # Vietnamese UI, reveal offered
    assert not AuditEvent.objects.filter(action="person.list_identity").exists()


def test_list_reveal_shows_names_and_is_audited(
    client_for: Any, hp_officer: Any, hp_person: Person
) -> None:
    response = client_for(hp_officer).get(
        reverse("people:list"), {"q": "0987654378", "reveal": "1"}
    )
    assert "Đặng Thị Hường" in response.content.decode()
    assert AuditEvent.objects.get(action="person.list_identity").interface == "web"


def test_detail_is_masked_until_identity_is_shown_which_is_audited(
    client_for: Any, hp_officer: Any, hp_person: Person
) -> None:
    client = client_for(hp_officer)
    masked = client.get(_detail(hp_person)).content.decode()
    assert "Đ*** T** H***" in masked and "+84 9** *** *78" in masked
    assert "0987 654 378" not in masked
    assert "Xem thông tin nhân thân" in masked
    assert AuditEvent.objects.filter(action="person.view_identity").count() == 0

    shown = client.get(_detail(hp_person), {"reveal": "1"}).content.decode()
    assert "Đặng Thị Hường" in shown and "0987 654 378" in shown
    event = AuditEvent.objects.get(action="person.view_identity")
    assert (event.object_id, event.actor_id, event.interface) == (
        str(hp_person.pk),
        hp_officer.pk,
        "web",
    )


def test_nghe_an_supervisor_gets_404_for_a_hai_phong_person(
    client_for: Any, na_supervisor: Any, hp_person: Person
) -> None:
    client = client_for(na_supervisor)
    before = snapshot()
    for url in (
        _detail(hp_person),
        _detail(hp_person) + "?reveal=1",
        reverse("people:edit", kwargs={"person_id": hp_person.pk}),
        reverse("people:identifier_add", kwargs={"person_id": hp_person.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Hường" not in response.content.decode()
    response = client.post(
        reverse("people:identifier_add", kwargs={"person_id": hp_person.pk}),
        {"kind": "phone", "value": "0912345678"},
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_supervisor_sees_a_person_living_in_the_province_masked_and_cannot_edit(
    client_for: Any, hp_officer: Any, na_supervisor: Any
) -> None:
    person = make_person(hp_officer, "Vi Văn Lâm", admin_unit=unit("40"))
    client = client_for(na_supervisor)
    page = client.get(_detail(person), {"reveal": "1"}).content.decode()
    assert "V* V** L**" in page and "Vi Văn Lâm" not in page
    assert "Thông tin nhân thân được che" in page
    before = snapshot()
    response = client.post(
        reverse("people:edit", kwargs={"person_id": person.pk}),
        {"full_name": "Khác", "sex": "male", "nationality": "VN"},
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_create_form_records_a_person(client_for: Any, hp_officer: Any) -> None:
    province = unit("31")
    commune = commune_of("31")
    response = client_for(hp_officer).post(
        reverse("people:create"),
        {
            "full_name": "  nguyễn  văn AN ",
            "aliases": "An Đen\nAn Gầy",
            "sex": "male",
            "birth_date": "09/03/2004",
            "ethnicity": "01",
            "nationality": "VN",
            "admin_unit_province": province.code,
            "admin_unit_commune": commune.code,
        },
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(person)
    assert (person.full_name, person.aliases, person.birth_date) == (
        "Nguyễn Văn An",
        ["An Đen", "An Gầy"],
        "2004-03-09",
    )
    assert person.admin_unit == commune
    assert actions() == ["person.create"]


def test_create_form_shows_service_errors_in_vietnamese(client_for: Any, hp_officer: Any) -> None:
    response = client_for(hp_officer).post(
        reverse("people:create"),
        {"full_name": "12345", "sex": "female", "nationality": "VN", "birth_year": "1850"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Họ tên phải có chữ cái." in html
    assert "Hãy nhập năm từ 1900 đến năm nay." in html
    assert not Person.objects.exists()


def test_edit_form_prefills_identity_audits_the_view_and_saves(
    client_for: Any, hp_officer: Any, hp_person: Person
) -> None:
    client = client_for(hp_officer)
    url = reverse("people:edit", kwargs={"person_id": hp_person.pk})
    form = client.get(url).content.decode()
    assert 'value="Đặng Thị Hường"' in form
    assert actions()[-1] == "person.view_identity"
    response = client.post(
        url,
        {
            "full_name": "Đặng Thị Hương",
            "sex": "female",
            "birth_year": "1999",
            "birth_precision": "approximate",
            "nationality": "VN",
            "admin_unit_province": "31",
        },
    )
    assert response.status_code == 302
    hp_person.refresh_from_db()
    assert (hp_person.full_name, hp_person.birth_year, hp_person.admin_unit) == (
        "Đặng Thị Hương",
        1999,
        unit("31"),
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None and event.action == "person.update"
    assert event.changes == [
        "admin_unit",
        "birth_precision",
        "birth_year",
        "full_name",
        "sex",
    ]


def test_identifier_add_shows_normalisation_error_in_vietnamese(
    client_for: Any, hp_officer: Any, hp_person: Person
) -> None:
    client = client_for(hp_officer)
    url = reverse("people:identifier_add", kwargs={"person_id": hp_person.pk})
    before = snapshot()
    response = client.post(url, {"kind": "phone", "value": "0987 65"})
    assert response.status_code == 200
    assert "Số điện thoại không đúng độ dài." in response.content.decode()
    assert snapshot() == before
    response = client.post(url, {"kind": "cccd", "value": "031 304 000 123"})
    assert response.status_code == 302
    assert sorted(hp_person.identifiers.values_list("kind", flat=True)) == ["cccd", "phone"]


def test_identifier_and_address_removal(
    client_for: Any, hp_officer: Any, hp_person: Person
) -> None:
    client = client_for(hp_officer)
    identifier = hp_person.identifiers.get()
    response = client.post(
        reverse(
            "people:identifier_remove",
            kwargs={"person_id": hp_person.pk, "identifier_id": identifier.pk},
        )
    )
    assert response.status_code == 302 and not hp_person.identifiers.exists()
    response = client.post(
        reverse("people:address_add", kwargs={"person_id": hp_person.pk}),
        {"kind": "current", "text": "Số 5 Lạch Tray", "admin_unit_province": "31"},
    )
    assert response.status_code == 302
    address = hp_person.addresses.get()
    assert address.admin_unit == unit("31")
    client.post(
        reverse(
            "people:address_remove", kwargs={"person_id": hp_person.pk, "address_id": address.pk}
        )
    )
    assert not hp_person.addresses.exists()
    assert actions()[-3:] == [
        "person.remove_identifier",
        "person.add_address",
        "person.remove_address",
    ]


def test_remove_needs_post(client_for: Any, hp_officer: Any, hp_person: Person) -> None:
    identifier = hp_person.identifiers.get()
    response = client_for(hp_officer).get(
        reverse(
            "people:identifier_remove",
            kwargs={"person_id": hp_person.pk, "identifier_id": identifier.pk},
        )
    )
    assert response.status_code == 405
    assert hp_person.identifiers.exists()


def test_analyst_has_no_persons_pages(client_for: Any, make_user: Any, hp_agency: Any) -> None:
    analyst = make_user(role="analyst", agency=hp_agency)
    client = client_for(analyst)
    assert client.get(reverse("people:list")).status_code == 404
    assert client.get(reverse("people:create")).status_code == 404
