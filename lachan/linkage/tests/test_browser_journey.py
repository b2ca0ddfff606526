"""Issue 8, "Done means", in a real browser: the reviewer opens the queue, sees a
proposed pair with its evidence, merges it, sees the person page list both source
records, unmerges, and everything is back as it was."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
from django.utils import timezone

from lachan.linkage.models import CandidatePair, ClusterMember, PersonCluster
from lachan.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _login(page: Any, user: Any) -> None:
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    page.goto("/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã 6 chữ số").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="Xác thực").click()
    page.get_by_role("heading", name=f"Xin chào, {user.full_name}").wait_for()


def test_review_merge_and_unmerge(
    page: Any, supervisor: Any, pair: CandidatePair, huong_social: Person
) -> None:
    persons_before = sorted(Person.objects.values_list("pk", "full_name", "updated_at"))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(60_000)  # the shared 2-core machine can be slow
    _login(page, supervisor)

    page.get_by_role("navigation", name="Danh mục chính").get_by_role(
        "link", name="Hồ sơ có thể trùng"
    ).click()
    page.get_by_role("heading", name="Hồ sơ có thể trùng").wait_for()
    assert page.get_by_test_id("pair-row").count() == 1
    page.get_by_test_id("pair-link").click()
    assert "100,0%" in page.get_by_test_id("pair-probability").inner_text()
    assert "cùng số điện thoại" in page.get_by_test_id("evidence-phones").inner_text()
    assert "chênh một năm" in page.get_by_test_id("evidence-birth").inner_text()
    assert "Đồn Biên phòng Nậm Cắn" in page.get_by_test_id("side-right").inner_text() + (
        page.get_by_test_id("side-left").inner_text()
    )

    page.get_by_test_id("decide-same").click()
    page.get_by_text("Đã lưu quyết định: hai hồ sơ là một người.").wait_for()
    assert PersonCluster.objects.count() == 1

    page.goto(f"/people/{huong_social.pk}/")
    records = page.get_by_test_id("source-record")
    assert records.count() == 2
    text = page.get_by_test_id("linkage-records").inner_text()
    assert "Đồn Biên phòng Nậm Cắn" in text and "Hồ sơ này" in text

    page.get_by_test_id("unmerge").click()
    page.get_by_text("Đã tách lại hồ sơ.").wait_for()
    page.get_by_test_id("no-cluster").wait_for()
    assert PersonCluster.objects.count() == 0
    assert ClusterMember.objects.count() == 0
    pair.refresh_from_db()
    assert pair.status == "open"
    assert sorted(Person.objects.values_list("pk", "full_name", "updated_at")) == persons_before
    assert errors == []
