"""Similar tips: same identifiers (blind index) or near-duplicate text, shown side by side
in reach, only counted out of reach, and grouped from the comparison page or the API."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.tips import selectors, similarity
from lachan.tips.cleaning import IdentifierInput, PlaceInput
from lachan.tips.models import Tip
from lachan.tips.tests.helpers import make_tip

pytestmark = pytest.mark.django_db

TEXT = (
    "Chồng và em trai tôi ở xã Mỹ Lý được người lạ rủ sang Lào làm khai thác gỗ, bị giữ "
    "giấy tờ, làm không được trả tiền."
)
RETOLD = (
    "UBND xã báo: chong va em trai chi Pha o xa My Ly duoc nguoi la ru sang Lao lam khai "
    "thac go, bi giu giay to, lam khong duoc tra tien."
)
OTHER = "Người gọi báo bị lừa chuyển tiền đầu tư qua mạng, mất 200 triệu đồng, không liên quan."


@pytest.fixture
def world(hp_operator: Any, na_supervisor: Any) -> dict[str, Tip]:
    phone = [IdentifierInput("phone", "0912 345 678")]
    return {
        "tip": make_tip(hp_operator, TEXT, identifiers=phone),
        "same_phone": make_tip(
            hp_operator, OTHER, identifiers=[IdentifierInput("phone", "0912.345.678")]
        ),
        "retold": make_tip(hp_operator, RETOLD),
        "unrelated": make_tip(hp_operator, "Một vụ trộm xe máy ở chợ, không có gì khác thêm."),
        # Nghệ An's register, out of a Hải Phòng officer's reach: same phone, same text.
        "elsewhere": make_tip(
            na_supervisor,
            TEXT + " Bí mật Nghệ An.",
            identifiers=phone,
            places=[PlaceInput(admin_unit=commune_of("40"))],
        ),
    }


def test_containment_of_three_word_runs() -> None:
    own = similarity.shingles(TEXT)
    assert similarity.containment(own, similarity.shingles(RETOLD)) == pytest.approx(0.88, 0.01)
    assert similarity.containment(own, similarity.shingles(OTHER)) == 0.0
    assert similarity.containment(own, similarity.shingles("sang Lào làm")) == 0.0  # too short


def test_in_reach_listed_out_of_reach_only_counted(
    world: dict[str, Tip], hp_supervisor: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        found = selectors.similar_tips(actor=hp_supervisor, tip=world["tip"])
    numbers = [item.register_number for item in found.items]
    assert numbers == [world["same_phone"].register_number, world["retold"].register_number]
    same_phone, retold = found.items
    assert same_phone.shared_identifiers == ["Số điện thoại"] or same_phone.shared_identifiers == [
        "Phone number"
    ]
    assert same_phone.text_score == 0.0
    assert retold.shared_identifiers == []
    assert retold.text_score == pytest.approx(0.88, 0.01)
    assert found.elsewhere_count == 1
    assert found.elsewhere_agencies == ["Công an tỉnh Nghệ An"]


def test_detail_and_compare_pages_show_only_what_is_in_reach(
    world: dict[str, Tip], client_for: Any, hp_supervisor: Any
) -> None:
    client = client_for(hp_supervisor)
    tip = world["tip"]
    detail = client.get(f"/tips/{tip.pk}/", headers={"Accept-Language": "vi"}).content.decode()
    assert world["retold"].register_number in detail
    assert "1 tin báo tương tự ngoài phạm vi của bạn" in detail
    assert world["elsewhere"].register_number not in detail
    events = AuditEvent.objects.count()
    page = client.get(f"/tips/{tip.pk}/similar/", headers={"Accept-Language": "vi"})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="compare-pair"') == 2
    assert "chong va em trai chi Pha" in html  # the retold text, side by side
    assert "Bí mật Nghệ An" not in html
    assert world["elsewhere"].register_number not in html
    event = AuditEvent.objects.latest("seq")
    assert AuditEvent.objects.count() == events + 1
    assert event.action == "tip.compare"
    assert event.changes == {
        "shown": sorted([str(world["same_phone"].pk), str(world["retold"].pk)])
    }


def test_group_from_the_compare_page(
    world: dict[str, Tip], client_for: Any, hp_supervisor: Any
) -> None:
    client = client_for(hp_supervisor)
    tip, retold = world["tip"], world["retold"]
    response = client.post(f"/tips/{tip.pk}/group/", {"group-other": retold.register_number})
    assert response.status_code == 302
    tip.refresh_from_db()
    retold.refresh_from_db()
    assert tip.group_id is not None
    assert retold.group_id == tip.group_id
    html = client.get(f"/tips/{tip.pk}/similar/").content.decode()
    assert f'data-testid="group-with-{retold.register_number}"' not in html
    assert f'data-testid="group-with-{world["same_phone"].register_number}"' in html


def test_api_similar_and_out_of_reach(
    world: dict[str, Tip], client_for: Any, hp_supervisor: Any, na_officer: Any
) -> None:
    tip = world["tip"]
    response = client_for(hp_supervisor).get(f"/api/v1/tips/{tip.pk}/similar")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert [i["id"] for i in body["items"]] == [
        str(world["same_phone"].pk),
        str(world["retold"].pk),
    ]
    assert body["elsewhere_count"] == 1
    assert body["elsewhere_agencies"] == ["Công an tỉnh Nghệ An"]
    assert "Bí mật" not in response.content.decode()
    events = AuditEvent.objects.count()
    outside = client_for(na_officer)
    assert outside.get(f"/api/v1/tips/{tip.pk}/similar").status_code == 404
    assert outside.get(f"/tips/{tip.pk}/similar/").status_code == 404
    assert AuditEvent.objects.count() == events


def test_transfer_copy_is_not_similar(hp_supervisor: Any, na_agency: Any) -> None:
    from lachan.tips import services
    from lachan.tips.tests.helpers import classified

    tip = classified(make_tip(hp_supervisor, TEXT), hp_supervisor)
    copy = services.tip_transfer(actor=hp_supervisor, tip=tip, to_agency=na_agency)
    assert copy.content == TEXT
    assert selectors.similar_tips(actor=hp_supervisor, tip=tip).items == []
