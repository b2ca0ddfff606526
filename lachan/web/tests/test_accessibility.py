"""Every form control a user can reach has a label (a <label for>, a wrapping <label>,
or aria-label / aria-labelledby), every page has one <h1> and a language, and images
have alt text — checked on the real pages each role works in."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from lachan.access.roles import Role

pytestmark = pytest.mark.django_db

SKIPPED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.label_targets: set[str] = set()
        self.controls: list[dict[str, str]] = []
        self.open_labels = 0
        self.h1_count = 0
        self.html_lang = ""
        self.images_without_alt: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = attr.get("lang", "")
        elif tag == "label":
            self.open_labels += 1
            if attr.get("for"):
                self.label_targets.add(attr["for"])
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "img" and "alt" not in attr:
            self.images_without_alt.append(attr.get("src", "?"))
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and attr.get("type", "text") in SKIPPED_INPUT_TYPES:
                return
            if "honeypot" in attr.get("class", ""):
                return
            attr["_wrapped"] = "1" if self.open_labels else ""
            attr["_tag"] = tag
            self.controls.append(attr)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.open_labels:
            self.open_labels -= 1

    def unlabelled(self) -> list[str]:
        return [
            f"<{c['_tag']} name={c.get('name', '?')!r}>"
            for c in self.controls
            if not (
                c["_wrapped"]
                or c.get("id", "") in self.label_targets
                or c.get("aria-label")
                or c.get("aria-labelledby")
            )
        ]


PAGES = [
    (None, "/accounts/login/"),
    (Role.SUPERVISOR, "/"),
    (Role.SUPERVISOR, "/people/"),
    (Role.SUPERVISOR, "/people/new/"),
    (Role.SUPERVISOR, "/geo/"),
    (Role.SUPERVISOR, "/accounts/me/"),
    (Role.AGENCY_ADMIN, "/accounts/users/"),
    (Role.AGENCY_ADMIN, "/accounts/users/new/"),
    (Role.SYSTEM_ADMIN, "/accounts/agencies/new/"),
    (Role.AUDITOR, "/audit/"),
    (Role.AUDITOR, "/audit/break-glass/"),
]


@pytest.mark.parametrize(("role", "url"), PAGES, ids=[u for _, u in PAGES])
def test_page_is_labelled_and_structured(role, url, make_user, client_for, client):  # type: ignore[no-untyped-def]
    browser = client_for(make_user(role=role)) if role else client
    response = browser.get(url)
    assert response.status_code == 200
    scan = _PageScan()
    scan.feed(response.content.decode())
    assert scan.controls or url in ("/", "/audit/break-glass/"), "no form found: wrong page?"
    assert scan.unlabelled() == []
    assert scan.h1_count == 1
    assert scan.html_lang == "vi"
    assert scan.images_without_alt == []
