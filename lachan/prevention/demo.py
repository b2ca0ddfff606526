"""Demo step for prevention: a year of activities in the three demo provinces, entered
the way an agency would — by filling in the Excel template and importing it through
``activities_import`` (one file per agency) — and a community model at Nậm Cắn with a
review and a replication. Idempotent: an agency that already has activities is skipped;
the model is looked up by name."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.utils import timezone
from openpyxl import load_workbook

from lachan.accounts.models import User
from lachan.core.demo import DemoContext
from lachan.geo import selectors as geo
from lachan.geo.models import AdminUnit, Level
from lachan.prevention import services, spreadsheet
from lachan.prevention.models import Activity, CommunityModel

# username → (rows in the year, kinds with weights, province code)
IMPORTERS: tuple[tuple[str, int, tuple[tuple[str, int], ...], str], ...] = (
    ("na.canboxa", 36, (("awareness", 8), ("media", 3), ("contest", 1), ("model_event", 1)), "40"),
    ("na.bienphong", 30, (("border_meeting", 5), ("awareness", 4)), "40"),
    ("hp.dieutra", 40, (("awareness", 6), ("training", 2), ("media", 2), ("contest", 1)), "31"),
    ("ct.dieutra", 34, (("awareness", 6), ("training", 1), ("media", 2), ("other", 1)), "92"),
)
KIND_LABELS = {
    "awareness": "Buổi tuyên truyền",
    "contest": "Hội thi",
    "training": "Lớp tập huấn",
    "border_meeting": "Gặp gỡ, giao ban biên giới",
    "media": "Tin, bài, phóng sự trên phương tiện truyền thông",
    "model_event": "Ra mắt hoặc sơ kết mô hình",
    "other": "Hoạt động khác",
}
TITLES = {
    "awareness": (
        "Tuyên truyền phòng, chống mua bán người tại nhà văn hóa",
        "Tuyên truyền lưu động tại chợ phiên",
        "Tuyên truyền cho phụ nữ về thủ đoạn lừa đi làm việc ở nước ngoài",
        "Ngoại khóa về phòng, chống mua bán người cho học sinh",
    ),
    "contest": ("Hội thi tìm hiểu pháp luật phòng, chống mua bán người",),
    "training": ("Tập huấn kỹ năng nhận diện, hỗ trợ nạn nhân cho cán bộ cơ sở",),
    "border_meeting": (
        "Gặp gỡ, giao ban với lực lượng bảo vệ biên giới nước bạn",
        "Trao đổi thông tin về người xuất cảnh trái phép",
    ),
    "media": (
        "Phát thanh trên hệ thống loa truyền thanh cơ sở",
        "Đăng tin cảnh báo trên trang mạng xã hội của đơn vị",
    ),
    "model_event": ("Sơ kết mô hình cộng đồng phòng, chống mua bán người",),
    "other": ("Treo băng rôn, khẩu hiệu",),
}
FORMATS = {
    "media": ("Loa truyền thanh, đài phát thanh", "Mạng xã hội"),
    "default": (
        "Gặp mặt trực tiếp",
        "Gặp mặt trực tiếp",
        "Lồng ghép với phòng, chống ma túy, HIV, mại dâm",
    ),
}
GROUPS = {
    "40": ("Đồng bào dân tộc thiểu số", "Cư dân biên giới", "Phụ nữ", "Học sinh, sinh viên"),
    "31": (
        "Người lao động đi làm việc ở nước ngoài",
        "Phụ nữ",
        "Thanh niên",
        "Học sinh, sinh viên",
    ),
    "92": ("Phụ nữ", "Thanh niên", "Nhân dân nói chung", "Học sinh, sinh viên"),
}
MODEL_NAME = "Cộng đồng chung tay phòng, chống mua bán người"


def _places(user: User, province_code: str, rng: random.Random) -> list[str]:
    assert user.agency is not None
    unit = user.agency.admin_unit
    if unit.level == Level.COMMUNE:
        return [unit.code]
    province = geo.unit_by_code(code=province_code)
    communes = list(
        AdminUnit.objects.filter(province_id=province.pk, level=Level.COMMUNE)
        .order_by("code")
        .values_list("code", flat=True)
    )
    return [province.code, *rng.sample(communes, min(8, len(communes)))]


def _row(kind: str, day: dt.date, place: str, province: str, rng: random.Random) -> list[object]:
    sessions = 1 if kind in ("contest", "training", "border_meeting") else rng.randint(1, 4)
    per_session = {"media": 600, "border_meeting": 12, "training": 35}.get(kind, 80)
    attendees = sessions * rng.randint(per_session // 2, per_session * 3 // 2)
    groups = rng.sample(GROUPS[province], 2) if kind != "border_meeting" else []
    if kind == "training":
        groups = ["Cán bộ"]
    return [
        KIND_LABELS[kind],
        rng.choice(TITLES[kind]),
        day.strftime("%d/%m/%Y"),
        None,
        place,
        rng.choice(("Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên", "Trường THCS", "")),
        "; ".join(groups),
        rng.choice(FORMATS.get(kind, FORMATS["default"])),
        sessions,
        attendees,
        rng.choice((None, 1_500_000, 3_000_000, 5_000_000)),
        rng.choice(("Tờ rơi, áp phích", "Tài liệu hỏi đáp pháp luật", "")),
        rng.choice(("", "", "Nên tổ chức vào buổi tối khi người dân đã đi làm về.")),
    ]


def _workbook(rows: list[list[object]]) -> bytes:
    book = load_workbook(io.BytesIO(spreadsheet.template()))
    sheet = book[book.sheetnames[1]]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def seed(context: DemoContext) -> None:
    today = timezone.localdate()
    first = today - dt.timedelta(days=364)
    for username, count, kinds, province in IMPORTERS:
        user = context.users.get(username) or User.objects.filter(username=username).first()
        if user is None or user.agency is None:
            continue
        if Activity.objects.filter(organiser=user.agency).exists():
            continue
        rng = context.rng_for(f"prevention:{username}")
        places = _places(user, province, rng)
        weights = [w for _k, w in kinds]
        rows = []
        for _ in range(count):
            kind = rng.choices([k for k, _w in kinds], weights)[0]
            day = first + dt.timedelta(days=rng.randrange(365))
            rows.append(_row(kind, day, rng.choice(places), province, rng))
        rows.sort(key=lambda row: dt.datetime.strptime(str(row[2]), "%d/%m/%Y"))
        result = services.activities_import(actor=user, content=_workbook(rows))
        context.created["hoạt động phòng ngừa"] += result.created
    _model(context, today)
    context.say(
        f"Phòng ngừa: {Activity.objects.count()} hoạt động, "
        f"{CommunityModel.objects.count()} mô hình."
    )


def _model(context: DemoContext, today: dt.date) -> None:
    user = context.users.get("na.canboxa") or User.objects.filter(username="na.canboxa").first()
    if (
        user is None
        or user.agency is None
        or CommunityModel.objects.filter(name=MODEL_NAME).exists()
    ):
        return
    model = services.community_model_create(
        actor=user,
        name=MODEL_NAME,
        admin_unit=user.agency.admin_unit,
        started_on=dt.date(today.year - 2, 3, 1),
        description=(
            "Tổ tự quản ở các bản giáp biên: nắm người đi làm ăn xa, báo tin người lạ đến "
            "tuyển lao động, tuyên truyền bằng tiếng dân tộc."
        ),
        households_reached=85,
        people_reached=340,
    )
    services.community_model_review(
        actor=user,
        model=model,
        reviewed_on=dt.date(today.year - 1, 12, 15),
        rating="good",
        households_reached=120,
        people_reached=510,
        findings="Phát hiện, báo tin 3 trường hợp nghi tuyển lao động sang Lào trái phép.",
    )
    commune = AdminUnit.objects.filter(
        name="Xã Mỹ Lý", province__code="40", level=Level.COMMUNE
    ).first()
    if commune is not None:
        services.community_model_replicate(
            actor=user, model=model, admin_unit=commune, started_on=dt.date(today.year, 2, 1)
        )
    context.created["mô hình"] += 1
