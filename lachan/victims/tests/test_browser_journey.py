"""Issue 5, "Done means", in a real browser: a commune officer records a woman who came
back across the border; a social worker of the provincial centre verifies her within the
deadline and records her as a victim with evidence; the entitlement checklist shows a–k;
support is recorded and (outside the entitlement) approved; a referral to vocational
training is accepted; a police officer on the linked case sees her code but not her
address until consent is recorded, then sees it — both views audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyotp
import pytest
from django.utils import timezone

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.victims.models import Referral, SupportEntry, VictimRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _with_totp(user: Any) -> Any:
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return user


def _login(browser: Any, live_server: Any, user: Any, errors: list[str]) -> Any:
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(60_000)  # 2 cores shared by many runs
    page.goto("/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã 6 chữ số").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="Xác thực").click()
    page.get_by_role("heading", name=f"Xin chào, {user.full_name}").wait_for()
    return page


def _action(page: Any, name: str) -> Any:
    """Open an action: its form is rendered only once its link is followed."""
    form = page.get_by_test_id(f"action-{name}")
    if form.count() == 0:
        page.get_by_test_id(f"open-{name}").click()
        form.wait_for()
    details = page.locator("details").filter(has=form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return form


def _flash(page: Any, text: str) -> None:
    page.get_by_text(text, exact=True).wait_for()


def test_reception_to_consented_disclosure(
    chromium_browser: Any,
    live_server: Any,
    canboxa: Any,
    ctxh: Any,
    social_supervisor: Any,
    police: Any,
    school_worker: Any,
    na_social: Any,
    na_school: Any,
    na_police: Any,
) -> None:
    from lachan.cases.models import Case

    case = Case.objects.create(
        agency=na_police,
        number="09/2026/HS",
        offence="art150",
        prosecution_date=dt.date(2026, 11, 1),
        lead_investigator=police,
    )
    for user in (canboxa, ctxh, social_supervisor, police, school_worker):
        _with_totp(user)
    errors: list[str] = []
    today = timezone.localdate().strftime("%d/%m/%Y")
    commune = commune_of("40")

    # 1. The commune officer records the woman who came back across the border.
    page = _login(chromium_browser, live_server, canboxa, errors)
    page.get_by_role("link", name="Nạn nhân").first.click()
    page.get_by_role("link", name="Ghi nhận tiếp nhận").click()
    page.locator("#id_full_name").fill("Lô Thị Hoa")
    page.locator("#id_birth_year").fill("1998")
    page.locator("#id_address").fill("Bản Huồi Pốc, xã Nậm Cắn")
    page.locator("#id_phone").fill("0912 345 678")
    page.locator("#id_channel").select_option("self_returned")
    page.locator("#id_reception_unit_province").select_option("40")
    page.locator(f"#id_reception_unit_commune option[value='{commune.code}']").wait_for(
        state="attached"
    )
    page.locator("#id_reception_unit_commune").select_option(commune.code)
    page.locator("#id_owner_agency").select_option(str(na_social.pk))
    page.locator("#id_accompanying_minors").fill("1")
    page.locator("#id_exploitation_type").select_option("forced_marriage")
    page.locator("#id_exploitation_country").select_option("CN")
    page.get_by_role("button", name="Lưu").click()
    record = VictimRecord.objects.get()
    page.get_by_role("heading", name=f"Hồ sơ nạn nhân {record.code}").wait_for()
    assert page.get_by_test_id("victim-name").inner_text() == "L* T** H**"  # masked by default
    assert record.verification_due_at > timezone.now()

    # 2. The provincial social worker verifies within the deadline and identifies her.
    work = _login(chromium_browser, live_server, ctxh, errors)
    work.goto("/victims/?queue=open")
    work.get_by_test_id("victim-code").filter(has_text=record.code).click()
    assert work.get_by_test_id("victim-name").inner_text() == "L* T** H**"  # masked first
    _action(work, "verify").get_by_role("button", name="Xác nhận đã xác minh").click()
    _flash(work, "Đã ghi nhận xác minh ban đầu.")
    form = _action(work, "evidence")
    form.get_by_label("Loại căn cứ (Điều 32)").select_option("statement_person")
    form.get_by_label("Mô tả").fill("Biên bản ghi lời khai ngày đầu")
    form.get_by_role("button", name="Thêm căn cứ").click()
    _flash(work, "Đã ghi nhận căn cứ.")
    form = _action(work, "identify")
    form.get_by_label("Quyết định", exact=True).select_option("victim")
    form.get_by_label("Ngày quyết định").fill(today)
    form.get_by_label("Số quyết định").fill("27/QĐ-CTXH")
    form.get_by_role("button", name="Ghi nhận kết luận").click()
    _flash(work, "Đã ghi nhận kết luận xác định.")
    assert work.get_by_test_id("victim-status").inner_text() == "Nạn nhân"
    record.refresh_from_db()
    assert record.status == "victim" and record.verified_at <= record.verification_due_at

    # 3. The entitlement checklist: a–k, all entitled.
    rows = work.get_by_test_id("entitlement-checklist").locator("tbody tr")
    assert rows.count() == 10
    assert rows.first.inner_text().startswith("a) Hỗ trợ nhu cầu thiết yếu")
    assert rows.last.inner_text().startswith("k) Trợ cấp khó khăn ban đầu và vay vốn")

    # 4. Support: travel (inside), vocational training for the child (outside: approval).
    form = _action(work, "support")
    form.get_by_label("Chế độ hỗ trợ (Điều 37)").select_option("e")
    form.get_by_label("Ngày hỗ trợ").fill(today)
    form.get_by_label("Số tiền (đồng)").fill("350000")
    form.get_by_label("Văn bản, quyết định").fill("31/QĐ-CTXH")
    form.get_by_role("button", name="Ghi nhận hỗ trợ").click()
    _flash(work, "Đã ghi vào sổ theo dõi hỗ trợ.")
    assert "350.000" in work.get_by_test_id("measure-e").inner_text()
    form = _action(work, "support")
    form.get_by_label("Chế độ hỗ trợ (Điều 37)").select_option("i")
    form.get_by_label("Cho", exact=True).select_option("accompanying_minor")
    form.get_by_label("Ngày hỗ trợ").fill(today)
    form.get_by_role("button", name="Ghi nhận hỗ trợ").click()
    _flash(work, "Đã ghi vào sổ theo dõi hỗ trợ.")
    assert SupportEntry.objects.get(measure="i").approval_status == "pending"

    boss = _login(chromium_browser, live_server, social_supervisor, errors)
    boss.goto(f"/victims/{record.pk}/")
    approval = boss.get_by_test_id("approve-i")
    approval.get_by_label("Quyết định", exact=True).select_option("yes")
    approval.get_by_label("Lý do").fill("Trẻ đi cùng cần học nghề sớm")
    approval.get_by_role("button", name="Ghi nhận kết luận").click()
    _flash(boss, "Đã ghi nhận quyết định.")
    assert SupportEntry.objects.get(measure="i").approval_status == "approved"

    # 5. Consent, then a referral to vocational training, accepted by the school.
    work.reload()
    form = _action(work, "consent")
    form.get_by_label("Nhân thân (họ tên, ngày sinh, giấy tờ)").check()
    form.get_by_label("Với đơn vị").select_option(str(na_school.pk))
    form.get_by_label("Mục đích").select_option("referral")
    form.get_by_label("Ngày đồng ý").fill(today)
    form.get_by_role("button", name="Ghi nhận sự đồng ý").click()
    _flash(work, "Đã ghi nhận sự đồng ý.")
    form = _action(work, "referral")
    form.get_by_label("Đến đơn vị").select_option(str(na_school.pk))
    form.get_by_label("Dịch vụ").select_option("vocational_training")
    form.get_by_role("button", name="Chuyển gửi đến đơn vị khác").click()
    _flash(work, "Đã gửi đề nghị chuyển gửi.")
    school = _login(chromium_browser, live_server, school_worker, errors)
    school.goto("/victims/referrals/")
    row = school.get_by_test_id("referral-row").filter(has_text=record.code)
    row.get_by_label("Trả lời").select_option("accept")
    row.get_by_role("button", name="Gửi").click()
    _flash(school, "Đã ghi nhận câu trả lời.")
    assert Referral.objects.get().status == "accepted"

    # 6. Linked to the case: the police see her code, not her address...
    form = _action(work, "link_case")
    form.get_by_label("Cơ quan điều tra").select_option(str(na_police.pk))
    form.get_by_label("Số vụ án").fill(case.number)
    form.get_by_role("button", name="Liên kết với vụ án").click()
    _flash(work, "Đã liên kết hồ sơ với vụ án.")
    officer = _login(chromium_browser, live_server, police, errors)
    officer.goto(f"/victims/{record.pk}/")
    officer.get_by_role("heading", name=f"Hồ sơ nạn nhân {record.code}").wait_for()
    assert officer.get_by_test_id("victim-name").inner_text() == "L* T** H**"
    officer.get_by_test_id("identity-hidden").wait_for()
    assert officer.get_by_test_id("victim-address").count() == 0
    assert "Bản Huồi Pốc" not in officer.content()

    # ... until consent for the police is recorded; then the address is shown.
    form = _action(work, "consent")
    form.get_by_label("Nhân thân (họ tên, ngày sinh, giấy tờ)").check()
    form.get_by_label("Địa chỉ và liên lạc").check()
    form.get_by_label("Với đơn vị").select_option(str(na_police.pk))
    form.get_by_label("Mục đích").select_option("investigation")
    form.get_by_label("Ngày đồng ý").fill(today)
    form.get_by_role("button", name="Ghi nhận sự đồng ý").click()
    _flash(work, "Đã ghi nhận sự đồng ý.")
    officer.reload()
    officer.get_by_role("button", name="Xem thông tin nhân thân").click()
    officer.get_by_test_id("disclosure-basis").wait_for()
    assert officer.get_by_test_id("victim-name").inner_text() == "Lô Thị Hoa"
    assert officer.get_by_test_id("victim-address").inner_text() == "Bản Huồi Pốc, xã Nậm Cắn"

    views = AuditEvent.objects.filter(actor_id=police.pk, object_id=str(record.pk))
    actions = list(views.order_by("seq").values_list("action", flat=True))
    assert actions == ["victim.view", "victim.view", "victim.view_identity"]
    assert views.get(action="victim.view_identity").changes["basis"] == "consent"
    assert errors == []
