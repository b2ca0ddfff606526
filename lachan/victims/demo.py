"""Demo step for victims, through the services (audit trail included).

Nghệ An, along the Lao border:
- na.canboxa (UBND xã Nậm Cắn) records a woman who came back across the Lao border at
  Nậm Cắn on her own two days ago; the file is managed by the provincial social work
  centre;
- na.ctxh (Trung tâm CTXH tỉnh Nghệ An) verifies her within the 3 days, records two
  items of Art 32 evidence and identifies her as a victim; records her consent to be
  referred to the commune for vocational training and the support delivered (a, b, e,
  k with amounts and decisions); refers her; the commune accepts; a reintegration plan
  with a first follow-up visit;
- the file is linked to the Nghệ An police's newest demo case (when the cases step made
  one), with no consent for the police yet: they see her code, not her address;
- na.bienphong records a hand-over of two persons by the Lao side at Nậm Cắn (one a
  child) five days ago, not yet verified: the work queue shows them overdue.

Idempotent: nothing is written when the commune's reception already exists."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lachan.accounts.models import Agency, User
from lachan.core.demo import DemoContext
from lachan.geo.models import AdminUnit, Era, Level
from lachan.victims import services
from lachan.victims.models import ArrivalChannel, VictimRecord

STORY_NAME = "Lương Thị Xuân"


def _user(context: DemoContext, username: str) -> User:
    return context.users.get(username) or User.objects.get(username=username)


def _agency(context: DemoContext, key: str, name: str) -> Agency:
    return context.agencies.get(key) or Agency.objects.get(name=name)


def _nam_can() -> AdminUnit:
    return AdminUnit.objects.get(
        era=Era.CURRENT, level=Level.COMMUNE, name="Xã Nậm Cắn", province__code="40"
    )


def _newest_na_case(police: Agency) -> object | None:
    from lachan.cases.models import Case

    return Case.objects.filter(agency=police).order_by("-prosecution_date").first()


def seed(context: DemoContext) -> None:
    commune = _agency(context, "na.committee", "UBND xã Nậm Cắn")
    if VictimRecord.objects.filter(
        receiving_agency=commune, channel=ArrivalChannel.SELF_RETURNED
    ).exists():
        return
    social = _agency(context, "na.social", "Trung tâm Công tác xã hội tỉnh Nghệ An")
    police = _agency(context, "na.police", "Công an tỉnh Nghệ An")
    canboxa = _user(context, "na.canboxa")
    ctxh = _user(context, "na.ctxh")
    bienphong = _user(context, "na.bienphong")
    rng = context.rng_for("victims")
    now = timezone.now()
    today = timezone.localdate()
    nam_can = _nam_can()

    # 1. The commune officer records the woman who came back on her own.
    xuan = services.victim_receive(
        actor=canboxa,
        channel=ArrivalChannel.SELF_RETURNED,
        received_at=now - dt.timedelta(days=2, hours=3),
        reception_unit=nam_can,
        reception_place="Trụ sở UBND xã Nậm Cắn",
        owner_agency=social,
        new_person=services.NewPerson(
            full_name=STORY_NAME,
            sex="female",
            birth_year=2001,
            nationality="VN",
            ethnicity="",
            admin_unit=nam_can,
            address="Bản Huồi Pốc, xã Nậm Cắn, tỉnh Nghệ An",
            phone="0388 214 596",
        ),
        exploitation=services.Exploitation(
            exploitation_type="forced_marriage",
            means_of_control=["withheld_documents", "restricted_movement", "threats"],
            recruitment_method="job_offer",
            recruiter_relation="acquaintance",
            recruitment_country="VN",
            transit_countries=["LA"],
            exploitation_country="CN",
            exploitation_started_on=today - dt.timedelta(days=420),
            exploitation_ended_on=today - dt.timedelta(days=6),
            account=(
                "Được người quen rủ sang Lào làm phụ bếp, bị đưa qua biên giới và ép lấy "
                "chồng; tự trốn về qua cửa khẩu Nậm Cắn."
            ),
        ),
    )
    # 2. The provincial social work centre verifies and identifies her.
    services.victim_verify(actor=ctxh, record=xuan, note="Có dấu hiệu bị mua bán.")
    services.evidence_add(
        actor=ctxh,
        record=xuan,
        category="statement_person",
        dated=today,
        description="Biên bản ghi lời khai của chị Xuân.",
    )
    services.evidence_add(
        actor=ctxh,
        record=xuan,
        category="other_body_document",
        document_number="15/BB-UBND",
        dated=today - dt.timedelta(days=2),
        description="Biên bản tiếp nhận của UBND xã Nậm Cắn.",
    )
    services.victim_identify(
        actor=ctxh,
        record=xuan,
        outcome="victim",
        decided_on=today,
        decision_number="27/QĐ-CTXH",
    )
    # 3. Consent to the commune (referral), support, the referral and its acceptance.
    services.consent_record(
        actor=ctxh,
        record=xuan,
        share_identity=True,
        share_address=True,
        grantee_agency=commune,
        purpose="referral",
        given_by="person",
        given_on=today,
    )
    for measure, amount, ref in (
        ("a", 1_200_000, "31/QĐ-CTXH"),
        ("b", None, "Phiếu khám 0412"),
        ("e", 350_000, "31/QĐ-CTXH"),
        ("k", 3_000_000 + 50_000 * rng.randint(0, 10), "32/QĐ-CTXH"),
    ):
        services.support_record(
            actor=ctxh,
            record=xuan,
            measure=measure,
            delivered_on=today,
            amount_vnd=amount,
            document_ref=ref,
        )
    referral = services.referral_request(
        actor=ctxh,
        record=xuan,
        to_agency=commune,
        service="vocational_training",
        note="Đăng ký lớp may công nghiệp tại địa phương.",
    )
    services.referral_respond(actor=canboxa, referral_id=referral.pk, accept=True)
    services.plan_create(
        actor=ctxh,
        record=xuan,
        started_on=today,
        goals=[
            services.GoalInput("vocational_training", "Học nghề may", today + dt.timedelta(90)),
            services.GoalInput("job", "Việc làm tại xưởng may huyện", today + dt.timedelta(240)),
            services.GoalInput("family", "Ổn định cuộc sống cùng gia đình"),
        ],
    )
    services.visit_record(
        actor=ctxh, record=xuan, visited_on=today, outcomes=["with_family", "in_training"]
    )
    # 4. Linked to the police's newest case; no consent for the police yet.
    case = _newest_na_case(police)
    if case is not None:
        services.victim_link_case(
            actor=ctxh,
            record=xuan,
            case_agency=police,
            case_number=case.number,  # type: ignore[attr-defined]
        )
    # 5. A hand-over by the Lao side, five days ago, still to be verified (overdue).
    services.handover_record(
        actor=bienphong,
        border_gate_code="nam_can",
        handed_over_at=now - dt.timedelta(days=5),
        foreign_authority="Công an tỉnh Xiêng Khoảng (Lào)",
        foreign_country="LA",
        document_number="07/BB-TT",
        reception_unit=nam_can,
        owner_agency=social,
        persons=[
            services.HandoverPerson(
                new_person=services.NewPerson(
                    full_name="Vi Thị Hằng", sex="female", birth_year=1999, nationality="VN"
                ),
                document_number="GTĐL-0231",
            ),
            services.HandoverPerson(
                new_person=services.NewPerson(
                    full_name="Lô Thị Nhung", sex="female", birth_year=2010, nationality="VN"
                ),
                document_number="GTĐL-0232",
            ),
        ],
    )
    context.created["hồ sơ nạn nhân"] += 3
    context.say(
        f"Nạn nhân: {STORY_NAME} (mã {xuan.code}) đã được xác định; 2 người được trao trả "
        "tại cửa khẩu Nậm Cắn đang chờ xác minh."
    )
