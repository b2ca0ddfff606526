"""Pages: the queue and a pair within a bounded number of queries; the person page
lists the source records after a merge."""

from __future__ import annotations

from typing import Any

from lachan.linkage import services
from lachan.linkage.models import CandidatePair
from lachan.people.models import Person


def test_queue_and_pair_pages(
    client_for: Any, supervisor: Any, pair: CandidatePair, django_assert_max_num_queries: Any
) -> None:
    client = client_for(supervisor)
    with django_assert_max_num_queries(25):
        body = client.get("/linkage/").content.decode()
    assert body.count('data-testid="pair-row"') == 1
    assert "100,0%" in body
    with django_assert_max_num_queries(25):
        body = client.get(f"/linkage/pairs/{pair.pk}/").content.decode()
    assert 'data-testid="evidence-phones"' in body
    assert "cùng số điện thoại" in body


def test_person_page_lists_source_records(
    client_for: Any, supervisor: Any, pair: CandidatePair, huong_social: Person
) -> None:
    client = client_for(supervisor)
    page = client.get(f"/people/{huong_social.pk}/").content.decode()
    assert 'data-testid="no-cluster"' in page
    assert 'data-testid="possible-duplicate"' in page
    services.pair_decide(actor=supervisor, pair=pair, decision="same")
    page = client.get(f"/people/{huong_social.pk}/").content.decode()
    assert page.count('data-testid="source-record"') == 2
    assert "Đồn Biên phòng Nậm Cắn" in page
