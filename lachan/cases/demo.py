"""Demo step: a few cases in Hải Phòng and Nghệ An, through the services.

For each of the two provinces: an older case (prosecuted about a year ago, solved and
transferred to the procuracy) with a recruiter; the case the demo tips were decided to
prosecute under (the tips step gave it a number and no case yet: it is opened with those
tips as its sources); and, when the province's officer has a tip being verified, a case
opened from it in one step (the tip is decided "prosecute"). The new cases' suspects
share a phone number with the older case's recruiter (the network view joins them);
there are arrests, a rescue, a hand-over at the Nậm Cắn border gate, an evidence item
with its chain of custody, and border meetings with the Lao and Chinese sides.

Idempotent: a province whose older demo case exists is skipped. Randomness from
``context.rng_for``."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from lachan.accounts.models import User
from lachan.cases import services
from lachan.cases.models import Case
from lachan.core import synthetic
from lachan.core.demo import DemoContext
from lachan.tips.models import Decision, Tip, TipStatus


@dataclass(frozen=True)
class Plan:
    key: str  # "hp" / "na"
    police: str  # agency key
    officer: str
    supervisor: str
    older_number: str
    tips_case_number: str  # the number the demo tips were decided under
    new_number: str
    destination: str
    exploitation: str
    means: tuple[str, ...]


PLANS = (
    Plan(
        "hp", "hp.police", "hp.dieutra", "hp.chihuy", "03/2025/HS", "12/2026/HS", "15/2026/HS",
        "CN", "forced_marriage", ("online_romance", "false_marriage"),
    ),
    Plan(
        "na", "na.police", "na.dieutra", "na.chihuy", "05/2025/HS", "07/2026/HS", "09/2026/HS",
        "LA", "forced_labour", ("false_job_offer", "family_acquaintance"),
    ),
)  # fmt: skip


def _person(rng: random.Random, sex: str = "male") -> str:
    return synthetic.full_name(rng, sex)


def _seed(plan: Plan, context: DemoContext) -> int:
    rng = context.rng_for(f"cases:{plan.key}")
    officer: User = context.users[plan.officer]
    supervisor: User = context.users[plan.supervisor]
    today = timezone.localdate()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    shared_phone = synthetic.mobile_number(rng)
    created = 0

    # 1. the older case: solved, transferred; its recruiter's phone comes back later
    older = services.case_open(
        actor=supervisor,
        number=plan.older_number,
        offence="art150",
        prosecution_date=ago(400),
        prosecution_decision_number=f"{plan.older_number.split('/')[0]}/QĐ-KTVA",
        lead_investigator=officer,
        summary="Đường dây đưa phụ nữ ra nước ngoài bán, đã khám phá.",
        destination_countries=[plan.destination],
        exploitation_type=plan.exploitation,
        recruitment_means=list(plan.means[:1]),
    )
    recruiter = services.suspect_add_new_person(
        actor=supervisor,
        case=older,
        full_name=_person(rng),
        role="recruiter",
        sex="male",
        birth_year=1985 + rng.randrange(10),
        phones=[shared_phone],
    )
    services.arrest_record(actor=supervisor, suspect=recruiter, kind="arrest", on=ago(380))
    services.case_transition(actor=supervisor, case=older, action="solve", on=ago(360))
    services.case_transition(actor=supervisor, case=older, action="transfer", on=ago(330))
    services.suspect_update(
        actor=supervisor,
        suspect=recruiter,
        role="recruiter",
        wanted_status="not_wanted",
        nationality="VN",
        outcome="charged",
        outcome_date=ago(330),
    )
    created += 1

    # 2. the case the demo tips were decided under (numbers only so far)
    decided = list(
        Tip.objects.filter(
            receiving_agency__in=[a for k, a in context.agencies.items() if k.startswith(plan.key)],
            decision=Decision.PROSECUTE,
            case_number=plan.tips_case_number,
            case_id__isnull=True,
        )
    )
    first_day = min((t.decision_date or today for t in decided), default=ago(60))
    tips_case = services.case_open(
        actor=supervisor,
        number=plan.tips_case_number,
        offence="art150",
        prosecution_date=first_day,
        lead_investigator=officer,
        summary="Vụ án khởi tố từ các nguồn tin trong sổ tiếp nhận.",
        destination_countries=[plan.destination],
        exploitation_type=plan.exploitation,
        recruitment_means=list(plan.means),
        source_tips=decided,
    )
    created += 1

    # 3. a case opened from a tip being verified (decided in the same step), if any
    tip = (
        Tip.objects.filter(assignee=officer, status=TipStatus.VERIFYING)
        .order_by("received_at")
        .first()
    )
    if tip is not None:
        new_case = services.case_open_from_tip(
            actor=officer,
            tip=tip,
            number=plan.new_number,
            offence="art151" if tip.child_involved else "art150",
            prosecution_date=today,
            prosecution_decision_number=f"{plan.new_number.split('/')[0]}/QĐ-KTVA",
            recruitment_means=list(plan.means),
        )
        created += 1
    else:
        new_case = tips_case

    # suspects of the new case: two share the older recruiter's phone number
    s1 = services.suspect_add_new_person(
        actor=officer,
        case=new_case,
        full_name=_person(rng),
        role="transporter",
        sex="male",
        phones=[synthetic.phone_notation(rng, shared_phone.replace(" ", ""))],
    )
    services.suspect_add_new_person(
        actor=officer,
        case=new_case,
        full_name=_person(rng, "female"),
        role="broker",
        sex="female",
        phones=[shared_phone, synthetic.mobile_number(rng)],
    )
    services.suspect_add_new_person(
        actor=officer,
        case=new_case,
        full_name="Zhang Wei" if plan.destination == "CN" else "Khamphanh Sisavath",
        role="buyer",
        nationality=plan.destination,
        wanted_status="wanted",
    )
    services.arrest_record(actor=officer, suspect=s1, kind="emergency", on=today)
    # the tips case: rescue and (Nghệ An) a hand-over at Nậm Cắn, then solved
    services.case_event_record(
        actor=supervisor,
        case=tips_case,
        kind="rescue",
        on=first_day,
        persons_count=2,
        agency=context.agencies[plan.police],
        country=plan.destination,
        place_text="Khu vực biên giới",
    )
    if plan.key == "na":
        services.case_event_record(
            actor=supervisor,
            case=tips_case,
            kind="handover",
            on=first_day,
            persons_count=3,
            border_gate_code="nam_can",
            foreign_authority="Công an tỉnh Xiêng Khoảng (Lào)",
            agency=context.agencies["na.border"],
        )
    services.case_transition(actor=supervisor, case=tips_case, action="solve", on=today)
    services.evidence_add(
        actor=supervisor,
        case=tips_case,
        label="VC-01",
        description="01 điện thoại di động thu giữ của đối tượng.",
        location="Kho vật chứng",
    )
    # cross-border cooperation
    if plan.key == "na":
        border = context.users["na.bienphong"]
        services.cooperation_record(
            actor=border,
            kind="border_meeting",
            on=ago(20),
            counterpart_country="LA",
            counterpart_agency="Đồn Biên phòng Nặm Khắn (Lào)",
            subject="Trao đổi tình hình xuất nhập cảnh trái phép và mua bán người qua cửa khẩu.",
            border_gate_code="nam_can",
            persons_handed_over=3,
            follow_ups=[services.FollowUpInput("Xác minh hai số điện thoại Lào", ago(5))],
        )
    else:
        services.cooperation_record(
            actor=supervisor,
            kind="information_request",
            on=ago(15),
            counterpart_country="CN",
            counterpart_agency="Công an thành phố Đông Hưng (Trung Quốc)",
            subject="Đề nghị xác minh nơi ở của phụ nữ bị bán sang Quảng Tây.",
            border_gate_code="mong_cai",
            cases=[tips_case],
            follow_ups=[services.FollowUpInput("Nhắc phía bạn trả lời", today)],
        )
    return created


def seed(context: DemoContext) -> None:
    total = 0
    for plan in PLANS:
        police = context.agencies.get(plan.police)
        if police is None or plan.officer not in context.users:
            continue
        if Case.objects.filter(agency=police, number=plan.older_number).exists():
            continue
        total += _seed(plan, context)
    context.created["cases"] += total
    if total:
        context.say(f"Vụ án mẫu: {total} vụ ở Hải Phòng và Nghệ An.")
