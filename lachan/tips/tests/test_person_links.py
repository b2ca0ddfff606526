"""The staff intake form links persons of the people register: a search limited to the
officer's reach (masked names), a chosen row per person, the text kept meanwhile."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lachan.people.services import person_create
from lachan.tips.models import Tip, TipPerson

pytestmark = pytest.mark.django_db

BASE = {
    "kind": "denunciation",
    "channel": "hotline",
    "reporter_mode": "anonymous",
    "content": "Người gọi báo bà Hường rủ con gái sang Trung Quốc làm việc.",
}


@pytest.fixture
def persons(hp_operator: Any, na_supervisor: Any) -> dict[str, Any]:
    return {
        "mine": person_create(actor=hp_operator, full_name="Nguyễn Thị Hường", birth_year=1985),
        # Another province's record: never offered to a Hải Phòng operator.
        "theirs": person_create(actor=na_supervisor, full_name="Nguyễn Thị Hường", birth_year=1990),
    }


def test_search_offers_only_persons_in_reach_masked_and_keeps_the_text(
    client_for: Any, hp_operator: Any, persons: dict[str, Any]
) -> None:
    client = client_for(hp_operator)
    data = {**BASE, "person_query": "Hường", "find_person": "1"}
    response = client.post(reverse("tips:register"), data, headers={"Accept-Language": "vi"})
    html = response.content.decode()
    assert response.status_code == 200
    assert Tip.objects.count() == 0  # a search registers nothing
    assert "bà Hường rủ con gái" in html  # the typed text is kept
    assert f'value="{persons["mine"].pk}"' in html
    assert f'value="{persons["theirs"].pk}"' not in html
    assert "N*** T** H***, 1985" in html
    assert "Nguyễn Thị Hường</option>" not in html  # masked in the list


def test_chosen_person_is_linked_with_its_role(
    client_for: Any, hp_operator: Any, persons: dict[str, Any]
) -> None:
    data = {**BASE, "person_0": str(persons["mine"].pk), "person_role_0": "suspect"}
    response = client_for(hp_operator).post(reverse("tips:register"), data)
    tip = Tip.objects.get()
    assert response.status_code == 302
    link = TipPerson.objects.get(tip=tip)
    assert (link.person_id, link.role) == (persons["mine"].pk, "suspect")


def test_out_of_reach_person_refused_and_nothing_written(
    client_for: Any, hp_operator: Any, persons: dict[str, Any]
) -> None:
    data = {**BASE, "person_0": str(persons["theirs"].pk), "person_role_0": "suspect"}
    response = client_for(hp_operator).post(reverse("tips:register"), data)
    assert response.status_code == 200  # the form again, with an error on the row
    assert Tip.objects.count() == 0
    assert TipPerson.objects.count() == 0
