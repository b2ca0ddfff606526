"""Person selectors: search by blind index, masking, audited identity views,
pagination and query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from lachan.access.models import Assignment, BreakGlassGrant
from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.core.testing.factories import unit
from lachan.people.models import Person
from lachan.people.selectors import (
    MAX_PAGE_SIZE,
    mask_name,
    person_get,
    person_identity_view,
    person_list,
)
from lachan.people.tests.helpers import make_person


def _names(page: Any) -> list[str]:
    return [item.full_name for item in page.items]


@pytest.fixture
def people(hp_officer: Any) -> dict[str, Person]:
    return {
        "huong": make_person(
            hp_officer,
            "Đặng Thị Hường",
            ids=[("phone", "0987 654 321"), ("cccd", "031304000123")],
        ),
        "an": make_person(
            hp_officer,
            "Nguyễn Văn An",
            aliases=["An Đen"],
            ids=[("zalo", "zalo.me/0912345678"), ("facebook", "facebook.com/an.nguyen.92")],
        ),
        "hung": make_person(hp_officer, "Nguyễn Thị Hưng"),
    }


def _search(actor: Any, query: str) -> set[str]:
    return {str(item.id) for item in person_list(actor=actor, query=query).items}


def _ids(*persons: Person) -> set[str]:
    return {str(p.pk) for p in persons}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("huong", ["huong"]),
        ("HƯỜNG", ["huong"]),
        ("dang thi huong", ["huong"]),
        ("thi dang", ["huong"]),  # syllables in any order
        ("nguyen thi", ["hung"]),  # all syllables must match
        ("nguyen", ["an", "hung"]),
        ("den", ["an"]),  # an alias
        ("dang van", []),
        ("hu", []),  # whole syllables only: the index holds no prefixes
        ("0987654321", ["huong"]),
        ("+84 987 654 321", ["huong"]),
        ("84987654321", ["huong"]),
        ("0084-987-654-321", ["huong"]),
        ("031 304 000 123", ["huong"]),
        ("0912.345.678", ["an"]),  # the Zalo account is that phone number
        ("https://www.facebook.com/an.nguyen.92", ["an"]),
        ("an.nguyen.92", ["an"]),
        ("0900000000", []),
    ],
)
def test_search(
    hp_officer: Any, people: dict[str, Person], query: str, expected: list[str]
) -> None:
    assert _search(hp_officer, query) == _ids(*(people[k] for k in expected))


def test_zalo_phone_and_phone_of_two_records_find_each_other(hp_officer: Any) -> None:
    phone_owner = make_person(hp_officer, "Trần Văn Bình", ids=[("phone", "0987 111 222")])
    zalo_owner = make_person(hp_officer, "Lò Thị Mai", ids=[("zalo", "84987111222")])
    assert _search(hp_officer, "0987111222") == _ids(phone_owner, zalo_owner)


def test_search_stays_inside_the_actor_reach(
    hp_officer: Any, na_officer: Any, people: dict[str, Person]
) -> None:
    assert _search(na_officer, "huong") == set()
    assert _search(na_officer, "0987654321") == set()


def test_mask_name() -> None:
    assert mask_name("Nguyễn Thị Hường") == "N*** T** H***"
    assert mask_name("Y Moan") == "Y* M***"
    assert mask_name("") == ""


def test_list_is_masked_unless_revealed_and_reveal_is_audited(
    hp_officer: Any, people: dict[str, Person]
) -> None:
    masked = person_list(actor=hp_officer, query="huong")
    assert _names(masked) == ["Đ*** T** H***"]
    assert masked.items[0].birth_date == "" and not masked.revealed
    assert not AuditEvent.objects.filter(action="person.list_identity").exists()

    shown = person_list(actor=hp_officer, query="nguyen", reveal=True)
    assert _names(shown) == ["Nguyễn Thị Hưng", "Nguyễn Văn An"]
    event = AuditEvent.objects.get(action="person.list_identity")
    assert event.changes == {"persons": sorted(str(people[k].pk) for k in ("an", "hung"))}
    assert event.actor_id == hp_officer.pk


def test_supervisor_sees_jurisdiction_records_masked_even_when_revealing(
    hp_officer: Any, na_supervisor: Any, na_officer: Any
) -> None:
    lives_in_nghe_an = make_person(hp_officer, "Vi Thị Lan", admin_unit=unit("40"))
    own = make_person(na_officer, "Lương Văn Tuấn")
    page = person_list(actor=na_supervisor, reveal=True)
    assert {(str(i.id), i.full_name) for i in page.items} == {
        (str(lives_in_nghe_an.pk), "V* T** L**"),
        (str(own.pk), "Lương Văn Tuấn"),
    }
    assert AuditEvent.objects.get(action="person.list_identity").changes == {
        "persons": [str(own.pk)]
    }


def test_identity_view_writes_exactly_one_audit_event(
    hp_officer: Any, people: dict[str, Person]
) -> None:
    person = person_get(actor=hp_officer, person_id=people["huong"].pk)
    before = AuditEvent.objects.count()
    view = person_identity_view(actor=hp_officer, person=person)
    assert view.full_name == "Đặng Thị Hường"
    assert {i["kind"]: i["value"] for i in view.identifiers} == {
        "phone": "0987 654 321",
        "cccd": "031304000123",
    }
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.object_type, event.object_id, event.changes) == (
        "person.view_identity",
        "people.person",
        str(person.pk),
        [],
    )


def test_identity_view_denied_when_only_in_jurisdiction(
    hp_officer: Any, na_supervisor: Any
) -> None:
    person = make_person(hp_officer, admin_unit=unit("40"))
    found = person_get(actor=na_supervisor, person_id=person.pk)
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        person_identity_view(actor=na_supervisor, person=found)
    assert AuditEvent.objects.count() == before


def test_assignment_and_break_glass_unmask(hp_officer: Any, na_officer: Any) -> None:
    person = make_person(hp_officer, admin_unit=unit("31"))
    with pytest.raises(NotFound):
        person_get(actor=na_officer, person_id=person.pk)
    Assignment.objects.create(user=na_officer, object_type="people.person", object_id=person.pk)
    assert (
        person_identity_view(
            actor=na_officer, person=person_get(actor=na_officer, person_id=person.pk)
        ).full_name
        == "Đặng Thị Hường"
    )
    Assignment.objects.all().delete()
    BreakGlassGrant.objects.create(
        user=na_officer,
        object_type="people.person",
        object_id=person.pk,
        reason="Khẩn cấp",
        expires_at=timezone.now() + timezone.timedelta(hours=1),
    )
    assert _names(person_list(actor=na_officer, reveal=True)) == ["Đặng Thị Hường"]


def test_person_get_out_of_reach_or_malformed_is_not_found(
    hp_officer: Any, na_officer: Any, people: dict[str, Person]
) -> None:
    with pytest.raises(NotFound):
        person_get(actor=na_officer, person_id=people["an"].pk)
    with pytest.raises(NotFound):
        person_get(actor=hp_officer, person_id="not-a-uuid")


def test_keyset_pagination_walks_every_row_once(hp_officer: Any) -> None:
    made = {str(make_person(hp_officer, f"Người Thứ {i}").pk) for i in range(7)}
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = person_list(actor=hp_officer, cursor=cursor, limit=3)
        seen += [str(i.id) for i in page.items]
        pages += 1
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert pages == 3
    assert sorted(seen) == sorted(made) and len(seen) == 7


def test_page_size_is_capped_and_bad_cursors_refused(hp_officer: Any) -> None:
    page = person_list(actor=hp_officer, limit=10_000)
    assert page.items == [] and MAX_PAGE_SIZE == 100
    with pytest.raises(ValidationFailed):
        person_list(actor=hp_officer, cursor="!!not-a-cursor")


@pytest.mark.parametrize("count", [2, 12])
def test_list_query_count_does_not_grow_with_rows(
    hp_officer: Any, django_assert_num_queries: Any, count: int
) -> None:
    for i in range(count):
        make_person(hp_officer, f"Nguyễn Văn {i}", admin_unit=unit("31"))
    # A bounded count per syllable (two), the ids of persons having both, the live
    # break-glass ids (a short list), then the page itself.
    with django_assert_num_queries(2 + 1 + 2):
        page = person_list(actor=hp_officer, query="nguyen van")
    assert len(page.items) == count
    # Revealing adds the two visibility look-ups and the audit write (chain head lock,
    # insert, head update, inside a savepoint), whatever the size.
    with django_assert_num_queries(2 + 1 + 2 + 2 + 5):
        person_list(actor=hp_officer, query="nguyen van", reveal=True)


def test_supervisor_list_query_count_is_constant(
    hp_officer: Any, na_supervisor: Any, django_assert_num_queries: Any
) -> None:
    for i in range(5):
        make_person(hp_officer, f"Hồ Văn {i}", admin_unit=unit("40"))
    # The live break-glass ids, the agency tree, then the page itself.
    with django_assert_num_queries(3):
        page = person_list(actor=na_supervisor)
    assert len(page.items) == 5


@pytest.mark.parametrize("cap", [5000, 1])
def test_name_search_needs_every_syllable_whichever_plan_runs(
    hp_officer: Any, monkeypatch: Any, cap: int
) -> None:
    # cap=5000: the rarest syllable drives; cap=1: every syllable is "common", so the
    # plain per-syllable filters run. Both must give the same answer.
    monkeypatch.setattr("lachan.people.selectors.NAME_CANDIDATE_CAP", cap)
    wanted = {
        make_person(hp_officer, "Nguyễn Thị Hường", admin_unit=unit("31")).pk,
        make_person(hp_officer, "NGUYEN THI HUONG", admin_unit=unit("31")).pk,
    }
    make_person(hp_officer, "Nguyễn Thị Hương Lan", admin_unit=unit("31"))  # other vowel
    make_person(hp_officer, "Nguyễn Văn Hường", admin_unit=unit("31"))  # no "thị"
    make_person(hp_officer, "Trần Thị Hường", admin_unit=unit("31"))  # no "nguyễn"
    page = person_list(actor=hp_officer, query="nguyen thi huong")
    found = {item.id for item in page.items}
    assert len(found) == 3  # "Hương" folds to "huong" too: diacritics are ignored
    assert wanted < found
    assert person_list(actor=hp_officer, query="tran thi huong").items[0].id not in wanted
    assert person_list(actor=hp_officer, query="nguyen hoa").items == []
