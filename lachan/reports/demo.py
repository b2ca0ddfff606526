"""Demo step for reports: the Hải Phòng supervisor's annual report of last year,
requested and produced through the services (idempotent: once per title)."""

from __future__ import annotations

import datetime as dt

from lachan.core.demo import DemoContext

DEMO_LESSONS = (
    "Phối hợp giữa Công an, Bộ đội Biên phòng và Sở Y tế trong tiếp nhận, xác minh và hỗ "
    "trợ nạn nhân được duy trì thường xuyên.\n\n"
    "Cần tăng cường tuyên truyền ở các xã biên giới và trên mạng xã hội về thủ đoạn tuyển "
    "dụng việc nhẹ lương cao."
)


def seed(context: DemoContext) -> None:
    from lachan.reports.models import PeriodReport
    from lachan.reports.periods import parse_period
    from lachan.reports.services import period_report_produce, period_report_request

    supervisor = context.users.get("hp.chihuy")
    if supervisor is None:
        return
    year = dt.date.today().year - 1
    title = f"Báo cáo năm {year} — Công an thành phố Hải Phòng (dữ liệu mẫu)"
    if PeriodReport.objects.filter(title=title).exists():
        return
    report = period_report_request(
        actor=supervisor,
        period=parse_period(str(year)),
        title=title,
        lessons_learned=DEMO_LESSONS,
    )
    period_report_produce(report_id=report.pk)
    context.created["period reports"] += 1
    context.say(f"Báo cáo: báo cáo năm {year} của hp.chihuy đã sẵn sàng để tải về.")
