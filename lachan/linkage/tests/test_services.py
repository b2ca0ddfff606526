"""Check, review, merge, unmerge; reach; counting by cluster."""

from __future__ import annotations

from typing import Any

import pytest

from lachan.audit.models import AuditEvent
from lachan.core.errors import PermissionDenied
from lachan.linkage import selectors, services
from lachan.linkage.models import CandidatePair, ClusterMember, PairDecision, PersonCluster
from lachan.people.models import Person


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def _persons() -> list[tuple[Any, ...]]:
    return sorted(
        (str(p.pk), p.full_name, p.birth_year, p.owner_agency_id, p.updated_at.isoformat())
        for p in Person.objects.all()
    )


def test_check_proposes_the_border_record_with_evidence(pair: CandidatePair) -> None:
    assert pair.status == "open"
    assert pair.probability > 0.99
    levels = {e["comparison"]: e["level"] for e in pair.evidence}
    assert levels["phones"] == "same phone"
    assert levels["given"] == "same without diacritics"
    assert levels["birth"] == "year ±1"
    assert "Hường" not in str(pair.evidence) and "huong" not in str(pair.evidence)
    assert AuditEvent.objects.filter(action="linkage.check_person").count() == 1


def test_check_is_idempotent(pair: CandidatePair, huong_border: Person) -> None:
    again = services.check_person(person_id=huong_border.pk)
    assert [p.pk for p in again] == [pair.pk]
    assert CandidatePair.objects.count() == 1


def test_merge_then_unmerge_restores_exactly(supervisor: Any, pair: CandidatePair) -> None:
    persons_before = _persons()
    services.pair_decide(actor=supervisor, pair=pair, decision="same")
    cluster = PersonCluster.objects.get()
    assert set(ClusterMember.objects.values_list("person_id", flat=True)) == {
        pair.person_a_id,
        pair.person_b_id,
    }
    assert selectors.count_distinct_persons(Person.objects.all(), "pk") == 1
    assert selectors.canonical_person_ids([pair.person_a_id]) == {pair.person_a_id: cluster.pk}
    assert _actions()[-2:] == ["linkage.pair_decide", "linkage.merge"]

    services.cluster_unmerge(actor=supervisor, cluster=cluster)
    pair.refresh_from_db()
    assert pair.status == "open"
    assert PersonCluster.objects.count() == 0
    assert ClusterMember.objects.count() == 0
    assert _persons() == persons_before
    assert selectors.count_distinct_persons(Person.objects.all(), "pk") == 2
    assert _actions()[-1] == "linkage.unmerge"
    assert list(PairDecision.objects.values_list("decision", flat=True)) == ["same"]


def test_different_and_unsure_do_not_merge(supervisor: Any, pair: CandidatePair) -> None:
    services.pair_decide(actor=supervisor, pair=pair, decision="different")
    services.pair_decide(actor=supervisor, pair=pair, decision="unsure")
    assert PersonCluster.objects.count() == 0
    assert list(PairDecision.objects.values_list("decision", flat=True)) == ["different", "unsure"]
    summary = selectors.label_summary(actor=supervisor)
    assert (summary.same, summary.different, summary.unsure) == (0, 0, 1)


def test_other_side_out_of_reach_shows_only_the_agency(
    border_officer: Any, pair: CandidatePair, huong_border: Person
) -> None:
    page = selectors.pair_queue(actor=border_officer)
    assert page.total == 1
    view = page.items[0]
    sides = [view.left, view.right]
    other = next(s for s in sides if not s.in_reach)
    mine = next(s for s in sides if s.in_reach)
    assert other.person is None
    assert other.agency_name == "Trung tâm Công tác xã hội tỉnh Nghệ An"
    assert mine.person is not None and mine.person.id == huong_border.pk
    assert view.decidable is False
    before = (AuditEvent.objects.count(), pair.status)
    with pytest.raises(PermissionDenied):
        services.pair_decide(actor=border_officer, pair=pair, decision="same")
    pair.refresh_from_db()
    assert (AuditEvent.objects.count(), pair.status) == before


def test_reveal_is_audited_for_own_records_only(
    border_officer: Any, pair: CandidatePair, huong_border: Person
) -> None:
    view = selectors.pair_detail(actor=border_officer, pair=pair, reveal=True)
    shown = [s.person for s in (view.left, view.right) if s.person is not None]
    assert [p.full_name for p in shown] == ["Nguyen Thi Huong"]
    event = AuditEvent.objects.filter(action="linkage.view_pair").get()
    assert event.changes == {"persons": [str(huong_border.pk)]}


def test_possible_duplicate_flag(
    supervisor: Any, pair: CandidatePair, huong_social: Person
) -> None:
    assert selectors.has_possible_duplicate(actor=supervisor, person=huong_social) is True
    services.pair_decide(actor=supervisor, pair=pair, decision="different")
    assert selectors.has_possible_duplicate(actor=supervisor, person=huong_social) is False
    flagged = Person.objects.annotate(dup=selectors.possible_duplicate_q()).filter(dup=True)
    assert flagged.count() == 0


def test_full_relink_finds_the_pair_and_reports_progress(
    supervisor: Any, huong_social: Person, huong_border: Person
) -> None:
    run = services.relink_start(actor=supervisor, immediately=True)
    assert (run.status, run.progress, run.records, run.pairs) == ("done", 100, 2, 1)
    assert CandidatePair.objects.count() == 1
    assert "linkage.relink" in _actions()


def test_full_relink_proposes_records_joined_through_another(
    supervisor: Any, huong_social: Person, border_officer: Any, make_user: Any, na_police: Any
) -> None:
    """A (social work: exact date) and C (typed later: another phone, a year two off)
    share little; both agree closely with B (the border record has both phones)."""
    from lachan.access.roles import Role
    from lachan.linkage import engine
    from lachan.linkage.tests.conftest import typed_with_year

    border = typed_with_year(
        border_officer, "NGUYEN THI HUONG", 1998, "+84987654321", "0912 000 111"
    )
    police = make_user(role=Role.OFFICER, agency=na_police)
    later = typed_with_year(police, "Nguyễn Hường", 1999, "0912.000.111")

    run = services.relink_start(actor=supervisor, immediately=True)

    assert (run.status, run.pairs) == ("done", 3)
    pairs = {frozenset((p.person_a_id, p.person_b_id)): p for p in CandidatePair.objects.all()}
    joined = pairs[frozenset((huong_social.pk, later.pk))]
    assert joined.probability >= engine.CLUSTER_THRESHOLD
    assert joined.evidence[-1]["comparison"] == "chain"
    assert joined.evidence[-1]["level"] == engine.CHAIN_LEVEL
    # The chain's links are proposed on their own evidence, without a chain row.
    for other in (huong_social, later):
        direct = pairs[frozenset((border.pk, other.pk))]
        assert direct.probability >= engine.CLUSTER_THRESHOLD
        assert "chain" not in {e["comparison"] for e in direct.evidence}
    from django.utils import translation

    shown = selectors.pair_detail(actor=supervisor, pair=joined)
    with translation.override("vi"):
        assert str(shown.evidence[-1].label) == "Hồ sơ khác"
        assert "hồ sơ khác của cùng người" in str(shown.evidence[-1].level_label)
