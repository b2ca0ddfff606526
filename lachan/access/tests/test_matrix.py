"""The access matrix: every role × action × scope, through the services, the staff pages
and the API, one test per cell (``supervisor-update-jurisdiction``).

``EXPECTED`` is written out by hand from the rules stated in the policy docstrings
(``lachan/access/policies/*.py``) and in ``docs/decisions/0005-access-layer.md``. It is
deliberately NOT computed from ``grants.py``: a change to a grant or a policy must show
up here as a failing cell that a person reads and then changes on purpose.

Outcomes:

- ``A`` allowed: the action happens. Writes change exactly what they say and leave
  exactly one audit event per call, with the actor, the actor's agency and the record.
- ``M`` masked: the actor reaches the record but never its identity. Lists show it
  masked; asking to reveal shows it masked on the page and answers 403 on the API.
- ``N`` not found: 404 on the pages and the API (body ``{"code": "not_found"}``),
  ``NotFound`` from the service — exactly as if the record did not exist; in a list,
  the record is absent. Nothing changes and no audit event at all is written.
- ``F`` forbidden: the actor may already see the record (or there is no record) but
  may not do this: 403 / ``permission_denied`` / ``PermissionDenied``. Nothing changes
  and no audit event is written. (Creating where the role cannot: the staff page does
  not exist for the role, 404; the API and the service refuse, 403.)
- ``L`` logged not-found: break-glass on a record that does not exist answers 404 like
  any other, and the attempt with its reason is kept (``access.break_glass_failed``).

Every cell asserts the exact list of audit events it wrote — (action, record,
interface), by the actor, under the actor's agency. A denied cell writes none, with one
exception: the list cells ask the API to reveal the page, which is one read event
(``person.list_identity``) naming the persons shown unmasked — and it must not name the
cell's person unless the cell is ``A``. Every cell that is not ``A`` also leaves every
table's row count, and the cell's person (identity decrypted), exactly as they were.

The world (agencies, actors, persons, assignments, grants, audit events) is described
in ``matrix_fixtures.py``; it is built once for the module and each test runs in a
savepoint inside it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lachan.access.models import Assignment, BreakGlassGrant
from lachan.access.permissions import (
    ALL_PERMISSION_ENUMS,
    AccessPermission,
    AccountsPermission,
    AuditPermission,
    GeoPermission,
    PeoplePermission,
    ReportsPermission,
)
from lachan.access.policies.people import person_policy
from lachan.access.reach import agency_subtree_ids
from lachan.access.roles import Role
from lachan.access.services import assignment_create, break_glass_open
from lachan.access.tests.matrix_fixtures import (
    AGENCY_SCOPES,
    BREAK_GLASS_REASON,
    NO_RECORD,
    PERSON_SCOPES,
    TRAIL_SCOPES,
    USER_SCOPES,
    AuditWatch,
    World,
    agency_state,
    person_state,
    row_counts,
    user_state,
    world_in_transaction,
)
from lachan.accounts.models import Agency, AgencyType, ApiToken, User
from lachan.accounts.services import agency_create, agency_update, user_disable, user_update
from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound, PermissionDenied
from lachan.core.testing.factories import UserFactory, logged_in_client, unit
from lachan.geo.models import AdminUnit
from lachan.people.models import Person, PersonIdentifier
from lachan.people.selectors import mask_name
from lachan.people.services import person_add_identifier, person_create, person_update

A = "allowed"
M = "masked"
N = "not_found"
F = "forbidden"
L = "not_found_logged"
OUTCOMES = (A, M, N, F, L)


def persons(*outcomes: str) -> dict[str, str]:
    return dict(zip(PERSON_SCOPES, outcomes, strict=True))


def users(*outcomes: str) -> dict[str, str]:
    return dict(zip(USER_SCOPES, outcomes, strict=True))


def trail(*outcomes: str) -> dict[str, str]:
    return dict(zip(TRAIL_SCOPES, outcomes, strict=True))


def agencies(*outcomes: str) -> dict[str, str]:
    return dict(zip(AGENCY_SCOPES, outcomes, strict=True))


def no_record(outcome: str) -> dict[str, str]:
    return {"none": outcome}


# The rules, written out. Columns (scopes, see matrix_fixtures.py; "oth" is
# other_province, "asg" assigned, "bg" break_glass):
#   persons(own, subagency, jurisdiction, assigned, break_glass, other_province)
#   users(own, subagency, jurisdiction, other_province, self)    the target user's agency
#   trail(own, subagency, jurisdiction, other_province)          the event's agency
#   agencies(own, other_province)                                the agency changed
# fmt: off
EXPECTED: dict[str, dict[str, dict[str, str]]] = {
    # Takes in and records persons; sees them like casework staff; corrects nothing
    # (no people.change), so an existing record answers 403 where it is visible.
    "intake_operator": {
        #                         own  sub  jur  asg  bg   oth
        "list":           persons(A,   N,   N,   A,   A,   N),
        "detail":         persons(A,   N,   N,   A,   A,   N),
        "reveal":         persons(A,   N,   N,   A,   A,   N),
        "update":         persons(F,   N,   N,   F,   F,   N),
        "add_identifier": persons(F,   N,   N,   F,   F,   N),
        "break_glass":    persons(N,   N,   N,   N,   N,   N) | no_record(N),
        "assign":         persons(N,   N,   N,   N,   N,   N),
        "list_page":      no_record(A),
        "create":         no_record(A),
        #                       own  sub  jur  oth  self
        "user_disable":   users(N,   N,   N,   N,   F),
        "user_update":    users(N,   N,   N,   N,   F),
        "agency_create":  no_record(F),
        #                          own  oth
        "agency_update":  agencies(F,   F),
        "api_token":      no_record(F),
        #                       own  sub  jur  oth
        "audit_read":     trail(N,   N,   N,   N),
        "audit_page":     no_record(N),
        "audit_export":   no_record(N),
        "geo":            no_record(A),
        "reports":        no_record(N),
    },
    # Casework: own agency's records, assigned records and break-glass grants, with
    # identity and changes; nothing of other agencies, not even masked.
    "officer": {
        #                         own  sub  jur  asg  bg   oth
        "list":           persons(A,   N,   N,   A,   A,   N),
        "detail":         persons(A,   N,   N,   A,   A,   N),
        "reveal":         persons(A,   N,   N,   A,   A,   N),
        "update":         persons(A,   N,   N,   A,   A,   N),
        "add_identifier": persons(A,   N,   N,   A,   A,   N),
        "break_glass":    persons(N,   N,   N,   N,   N,   N) | no_record(N),
        "assign":         persons(N,   N,   N,   N,   N,   N),
        "list_page":      no_record(A),
        "create":         no_record(A),
        #                       own  sub  jur  oth  self
        "user_disable":   users(N,   N,   N,   N,   F),
        "user_update":    users(N,   N,   N,   N,   F),
        "agency_create":  no_record(F),
        #                          own  oth
        "agency_update":  agencies(F,   F),
        "api_token":      no_record(A),
        #                       own  sub  jur  oth
        "audit_read":     trail(N,   N,   N,   N),
        "audit_page":     no_record(N),
        "audit_export":   no_record(N),
        "geo":            no_record(A),
        "reports":        no_record(N),
    },
    "social_worker": {
        #                         own  sub  jur  asg  bg   oth
        "list":           persons(A,   N,   N,   A,   A,   N),
        "detail":         persons(A,   N,   N,   A,   A,   N),
        "reveal":         persons(A,   N,   N,   A,   A,   N),
        "update":         persons(A,   N,   N,   A,   A,   N),
        "add_identifier": persons(A,   N,   N,   A,   A,   N),
        "break_glass":    persons(N,   N,   N,   N,   N,   N) | no_record(N),
        "assign":         persons(N,   N,   N,   N,   N,   N),
        "list_page":      no_record(A),
        "create":         no_record(A),
        #                       own  sub  jur  oth  self
        "user_disable":   users(N,   N,   N,   N,   F),
        "user_update":    users(N,   N,   N,   N,   F),
        "agency_create":  no_record(F),
        #                          own  oth
        "agency_update":  agencies(F,   F),
        "api_token":      no_record(A),
        #                       own  sub  jur  oth
        "audit_read":     trail(N,   N,   N,   N),
        "audit_page":     no_record(N),
        "audit_export":   no_record(N),
        "geo":            no_record(A),
        "reports":        no_record(N),
    },
    # Casework, plus the sub-agencies' records and the persons living in the
    # jurisdiction — masked, and not to be changed — and break-glass on any record
    # (a record that does not exist: 404, and the attempt is kept). Hands out to a
    # colleague any record in their standing reach — not one opened by break-glass, or
    # an emergency grant would become lasting access.
    "supervisor": {
        #                         own  sub  jur  asg  bg   oth
        "list":           persons(A,   M,   M,   A,   A,   N),
        "detail":         persons(A,   A,   A,   A,   A,   N),
        "reveal":         persons(A,   M,   M,   A,   A,   N),
        "update":         persons(A,   F,   F,   A,   A,   N),
        "add_identifier": persons(A,   F,   F,   A,   A,   N),
        "break_glass":    persons(A,   A,   A,   A,   A,   A) | no_record(L),
        "assign":         persons(A,   A,   A,   A,   N,   N),
        "list_page":      no_record(A),
        "create":         no_record(A),
        #                       own  sub  jur  oth  self
        "user_disable":   users(N,   N,   N,   N,   F),
        "user_update":    users(N,   N,   N,   N,   F),
        "agency_create":  no_record(F),
        #                          own  oth
        "agency_update":  agencies(F,   F),
        "api_token":      no_record(A),
        #                       own  sub  jur  oth
        "audit_read":     trail(N,   N,   N,   N),
        "audit_page":     no_record(N),
        "audit_export":   no_record(N),
        "geo":            no_record(A),
        "reports":        no_record(A),
    },
    # Numbers, never people: no record of a person exists for an analyst.
    "analyst": {
        #                         own  sub  jur  asg  bg   oth
        "list":           persons(N,   N,   N,   N,   N,   N),
        "detail":         persons(N,   N,   N,   N,   N,   N),
        "reveal":         persons(N,   N,   N,   N,   N,   N),
        "update":         persons(N,   N,   N,   N,   N,   N),
        "add_identifier": persons(N,   N,   N,   N,   N,   N),
        "break_glass":    persons(N,   N,   N,   N,   N,   N) | no_record(N),
        "assign":         persons(N,   N,   N,   N,   N,   N),
        "list_page":      no_record(N),
        "create":         no_record(F),
        #                       own  sub  jur  oth  self
        "user_disable":   users(N,   N,   N,   N,   F),
        "user_update":    users(N,   N,   N,   N,   F),
        "agency_create":  no_record(F),
        #                          own  oth
        "agency_update":  agencies(F,   F),
        "api_token":      no_record(A),
        #                       own  sub  jur  oth
        "audit_read":     trail(N,   N,   N,   N),
        "audit_page":     no_record(N),
        "audit_export":   no_record(N),
        "geo":            no_record(A),
        "reports":        no_record(A),
    },
    # Separation of duties: manages the own agency's accounts (not the sub-agencies'),
    # holds nothing on case data — even an assignment or a grant opens nothing.
    "agency_admin": {
        #                         own  sub  jur  asg  bg   oth
        "list":           persons(N,   N,   N,   N,   N,   N),
        "detail":         persons(N,   N,   N,   N,   N,   N),
        "reveal":         persons(N,   N,   N,   N,   N,   N),
        "update":         persons(N,   N,   N,   N,   N,   N),
        "add_identifier": persons(N,   N,   N,   N,   N,   N),
        "break_glass":    persons(N,   N,   N,   N,   N,   N) | no_record(N),
        "assign":         persons(N,   N,   N,   N,   N,   N),
        "list_page":      no_record(N),
        "create":         no_record(F),
        #                       own  sub  jur  oth  self
        "user_disable":   users(A,   N,   N,   N,   F),
        "user_update":    users(A,   N,   N,   N,   F),
        "agency_create":  no_record(F),
        #                          own  oth
        "agency_update":  agencies(F,   F),
        "api_token":      no_record(F),
        #                       own  sub  jur  oth
        "audit_read":     trail(N,   N,   N,   N),
        "audit_page":     no_record(N),
        "audit_export":   no_record(N),
        "geo":            no_record(A),
        "reports":        no_record(N),
    },
    # Runs the system: every account and agency, no case data, no audit trail.
    "system_admin": {
        #                         own  sub  jur  asg  bg   oth
        "list":           persons(N,   N,   N,   N,   N,   N),
        "detail":         persons(N,   N,   N,   N,   N,   N),
        "reveal":         persons(N,   N,   N,   N,   N,   N),
        "update":         persons(N,   N,   N,   N,   N,   N),
        "add_identifier": persons(N,   N,   N,   N,   N,   N),
        "break_glass":    persons(N,   N,   N,   N,   N,   N) | no_record(N),
        "assign":         persons(N,   N,   N,   N,   N,   N),
        "list_page":      no_record(N),
        "create":         no_record(F),
        #                       own  sub  jur  oth  self
        "user_disable":   users(A,   A,   A,   A,   F),
        "user_update":    users(A,   A,   A,   A,   F),
        "agency_create":  no_record(A),
        #                          own  oth
        "agency_update":  agencies(A,   A),
        "api_token":      no_record(F),
        #                       own  sub  jur  oth
        "audit_read":     trail(N,   N,   N,   N),
        "audit_page":     no_record(N),
        "audit_export":   no_record(N),
        "geo":            no_record(A),
        "reports":        no_record(N),
    },
    # Reads (and exports) the trail of the own agency and the agencies below it; nothing
    # else.
    "auditor": {
        #                         own  sub  jur  asg  bg   oth
        "list":           persons(N,   N,   N,   N,   N,   N),
        "detail":         persons(N,   N,   N,   N,   N,   N),
        "reveal":         persons(N,   N,   N,   N,   N,   N),
        "update":         persons(N,   N,   N,   N,   N,   N),
        "add_identifier": persons(N,   N,   N,   N,   N,   N),
        "break_glass":    persons(N,   N,   N,   N,   N,   N) | no_record(N),
        "assign":         persons(N,   N,   N,   N,   N,   N),
        "list_page":      no_record(N),
        "create":         no_record(F),
        #                       own  sub  jur  oth  self
        "user_disable":   users(N,   N,   N,   N,   F),
        "user_update":    users(N,   N,   N,   N,   F),
        "agency_create":  no_record(F),
        #                          own  oth
        "agency_update":  agencies(F,   F),
        "api_token":      no_record(F),
        #                       own  sub  jur  oth
        "audit_read":     trail(A,   A,   N,   N),
        "audit_page":     no_record(A),
        "audit_export":   no_record(A),
        "geo":            no_record(N),
        "reports":        no_record(N),
    },
}
# fmt: on


# -- the world, once per module ---------------------------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    with world_in_transaction(django_db_blocker) as built:
        yield built


@dataclass
class Cell:
    world: World
    role: str
    scope: str
    outcome: str
    actor: User
    client: Client

    def expected(self, action: str, scope: str = "none") -> str:
        return EXPECTED[self.role][action][scope]

    @property
    def person(self) -> Person:
        return Person.objects.get(pk=self.world.persons[self.scope].pk)

    @property
    def name(self) -> str:
        return self.world.names[self.scope]

    @property
    def phone(self) -> str:
        return self.world.phones[self.scope]

    def fresh_actor(self) -> User:
        return User.objects.select_related("agency").get(pk=self.actor.pk)


# -- assertions shared by the cells -----------------------------------------------------------
def body(response: Any) -> Any:
    return json.loads(response.content)


def html(response: Any) -> str:
    return str(response.content.decode())


def assert_page_404(response: Any, *hidden: str) -> None:
    assert response.status_code == 404, response.status_code
    page = html(response)
    for text in hidden:
        assert text not in page


def assert_api_error(response: Any, status: int, code: str, *hidden: str) -> None:
    assert response.status_code == status, (response.status_code, response.content[:300])
    answer = body(response)
    assert answer["code"] == code
    assert set(answer) == {"code", "message", "fields"}
    for text in hidden:
        assert text not in response.content.decode()


def assert_events(
    watch: AuditWatch, actor: User, expected: list[tuple[str, str, str]]
) -> list[AuditEvent]:
    """The new events are exactly ``expected`` — (action, object_id, interface) — each
    by the actor, under the actor's agency."""
    events = watch.events()
    assert [(e.action, e.object_id, e.interface) for e in events] == expected
    for event in events:
        assert (event.actor_id, event.actor_username, event.agency_id) == (
            actor.pk,
            actor.username,
            actor.agency_id,
        )
    return events


def expect_raises(outcome: str) -> type[Exception]:
    return {N: NotFound, F: PermissionDenied, L: NotFound}[outcome]


def denied_status(outcome: str) -> tuple[int, str]:
    return {N: (404, "not_found"), F: (403, "permission_denied")}[outcome]


def person_url(pk: Any) -> str:
    return reverse("people:detail", kwargs={"person_id": pk})


def person_api(pk: Any) -> str:
    return f"/api/v1/people/{pk}"


# -- people: list, detail, reveal -------------------------------------------------------------
def check_list(cell: Cell) -> None:
    """In the staff list (masked) and in the API list asked to reveal."""
    person, watch = cell.person, AuditWatch()
    ui = cell.client.get(reverse("people:list"))
    api = cell.client.get("/api/v1/people/", {"reveal": "true", "limit": 100})
    if cell.expected("list_page") == N:
        assert cell.outcome == N
        assert_page_404(ui, cell.name)
        assert_api_error(api, 404, "not_found", cell.name)
        assert_events(watch, cell.actor, [])
        return
    assert ui.status_code == 200 and api.status_code == 200
    listed = cell.outcome in (A, M)
    assert (f'href="{person_url(person.pk)}"' in html(ui)) == listed
    assert cell.name not in html(ui)  # the page list is masked until asked
    items = {item["id"]: item for item in body(api)["items"]}
    assert (str(person.pk) in items) == listed
    if listed:
        item = items[str(person.pk)]
        assert item["identity_visible"] is (cell.outcome == A)
        assert item["full_name"] == (cell.name if cell.outcome == A else mask_name(cell.name))
    else:
        assert cell.name not in api.content.decode()
    # Revealing the page is one read event naming the persons shown unmasked (the
    # actor's own agency's person is always among them).
    [event] = assert_events(watch, cell.actor, [("person.list_identity", "", "api")])
    assert (str(person.pk) in event.changes["persons"]) == (cell.outcome == A)


def check_detail(cell: Cell) -> None:
    """The record's page and API answer, masked (opening it is not an audited view)."""
    person, watch = cell.person, AuditWatch()
    ui = cell.client.get(person_url(person.pk))
    api = cell.client.get(person_api(person.pk))
    if cell.outcome == A:
        assert ui.status_code == 200
        page = html(ui)
        assert mask_name(cell.name) in page
        assert cell.name not in page and cell.phone not in page
        assert api.status_code == 200
        answer = body(api)
        assert (answer["id"], answer["identity_visible"]) == (str(person.pk), False)
        assert answer["full_name"] == mask_name(cell.name)
        assert [i["value"] for i in answer["identifiers"]] != [cell.phone]
        assert cell.name not in api.content.decode()
    else:
        assert cell.outcome == N
        assert_page_404(ui, cell.name, mask_name(cell.name))
        assert_api_error(api, 404, "not_found", cell.name)
    assert_events(watch, cell.actor, [])


def check_reveal(cell: Cell) -> None:
    """The audited identity view: the page with ?reveal=1, the API with ?reveal=true."""
    person, watch = cell.person, AuditWatch()
    ui = cell.client.get(person_url(person.pk), {"reveal": "1"})
    api = cell.client.get(person_api(person.pk), {"reveal": "true"})
    if cell.outcome == A:
        assert ui.status_code == 200
        assert cell.name in html(ui) and cell.phone in html(ui)
        assert api.status_code == 200
        answer = body(api)
        assert (answer["identity_visible"], answer["full_name"]) == (True, cell.name)
        assert [i["value"] for i in answer["identifiers"]] == [cell.phone]
        pk = str(person.pk)
        assert_events(
            watch,
            cell.actor,
            [("person.view_identity", pk, "web"), ("person.view_identity", pk, "api")],
        )
        return
    if cell.outcome == M:
        # The page stays masked (no reveal offered); the API says no in so many words.
        assert ui.status_code == 200
        assert mask_name(cell.name) in html(ui)
        assert cell.name not in html(ui) and cell.phone not in html(ui)
        assert_api_error(api, 403, "permission_denied", cell.name, cell.phone)
    else:
        assert cell.outcome == N
        assert_page_404(ui, cell.name, cell.phone)
        assert_api_error(api, 404, "not_found", cell.name, cell.phone)
    assert_events(watch, cell.actor, [])


# -- people: writes ---------------------------------------------------------------------------
def edit_form(state: dict[str, Any], full_name: str) -> dict[str, str]:
    """The edit form as a browser posts it: everything as stored, but the name."""
    place = AdminUnit.objects.select_related("province").get(pk=state["admin_unit"])
    return {
        "full_name": full_name,
        "aliases": "",
        "sex": state["sex"],
        "birth_date": "",
        "birth_year": str(state["birth_year"]),
        "birth_precision": "",
        "ethnicity": "",
        "nationality": state["nationality"],
        "admin_unit_province": place.province.code,
        "admin_unit_commune": place.code,
    }


def assert_untouched(cell: Cell, before: dict[str, Any], counts: dict[str, int]) -> None:
    assert person_state(cell.person.pk) == before
    assert row_counts() == counts


def check_update(cell: Cell) -> None:
    """person_update, the edit form, PATCH — each renames the person when allowed."""
    pk = cell.person.pk
    before, counts, watch = person_state(pk), row_counts(), AuditWatch()
    new_names = ("Đỗ Minh Khôi", "Đỗ Minh Khang", "Đỗ Minh Khải")

    def by_service() -> None:
        person_update(actor=cell.fresh_actor(), person=cell.person, full_name=new_names[0])

    if cell.outcome == A:
        by_service()
        ui = cell.client.post(
            reverse("people:edit", kwargs={"person_id": pk}), edit_form(before, new_names[1])
        )
        assert (ui.status_code, ui["Location"]) == (302, person_url(pk))
        assert person_state(pk)["full_name"] == new_names[1]
        api = cell.client.patch(
            person_api(pk), {"full_name": new_names[2]}, content_type="application/json"
        )
        assert api.status_code == 200, api.content
        assert body(api)["full_name"] == mask_name(new_names[2])  # answers are masked
        after = person_state(pk)
        assert after["full_name"] == new_names[2]
        renaming = ("full_name", "name_index", "name_tokens", "updated_at")
        assert {k: v for k, v in after.items() if k not in renaming} == {
            k: v for k, v in before.items() if k not in renaming
        }
        assert after["name_index"] != before["name_index"]
        assert after["updated_at"] > before["updated_at"]
        assert row_counts() == counts
        events = assert_events(
            watch,
            cell.actor,
            [("person.update", str(pk), i) for i in ("command", "web", "api")],
        )
        assert [e.changes for e in events] == [["full_name"]] * 3
        return
    with pytest.raises(expect_raises(cell.outcome)):
        by_service()
    status, code = denied_status(cell.outcome)
    ui = cell.client.post(
        reverse("people:edit", kwargs={"person_id": pk}), edit_form(before, new_names[1])
    )
    assert ui.status_code == status
    assert cell.name not in html(ui)
    api = cell.client.patch(
        person_api(pk), {"full_name": new_names[2]}, content_type="application/json"
    )
    assert_api_error(api, status, code, cell.name)
    assert_untouched(cell, before, counts)
    assert_events(watch, cell.actor, [])


def identifier_ids(person_id: Any) -> list[uuid.UUID]:
    return list(PersonIdentifier.objects.filter(person_id=person_id).values_list("pk", flat=True))


def check_add_identifier(cell: Cell) -> None:
    """person_add_identifier, the add form, POST …/identifiers — one phone each."""
    pk = cell.person.pk
    before, counts, watch = person_state(pk), row_counts(), AuditWatch()
    phones = ("0987 000 101", "0987 000 102", "0987 000 103")
    url = reverse("people:identifier_add", kwargs={"person_id": pk})
    api_url = f"{person_api(pk)}/identifiers"

    def by_service() -> PersonIdentifier:
        return person_add_identifier(
            actor=cell.fresh_actor(), person=cell.person, kind="phone", value=phones[0]
        )

    if cell.outcome == A:
        before_ids = identifier_ids(pk)
        added = [by_service().pk]
        ui = cell.client.post(url, {"kind": "phone", "value": phones[1]})
        assert (ui.status_code, ui["Location"]) == (302, person_url(pk))
        [by_form] = set(identifier_ids(pk)) - set(before_ids) - set(added)
        added.append(by_form)
        api = cell.client.post(
            api_url, {"kind": "phone", "value": phones[2]}, content_type="application/json"
        )
        assert api.status_code == 201, api.content
        assert body(api)["value"] != phones[2]  # masked in the answer
        added.append(uuid.UUID(body(api)["id"]))
        after = person_state(pk)
        assert after["identifier_count"] == before["identifier_count"] + 3
        assert sorted(v for _k, v, _i in after["identifiers"]) == sorted(
            [v for _k, v, _i in before["identifiers"]] + list(phones)
        )
        assert row_counts()["PersonIdentifier"] == counts["PersonIdentifier"] + 3
        events = assert_events(
            watch,
            cell.actor,
            [("person.add_identifier", str(pk), i) for i in ("command", "web", "api")],
        )
        assert [e.changes for e in events] == [
            {"identifier": str(identifier), "kind": "phone"} for identifier in added
        ]
        return
    with pytest.raises(expect_raises(cell.outcome)):
        by_service()
    status, code = denied_status(cell.outcome)
    ui = cell.client.post(url, {"kind": "phone", "value": phones[1]})
    assert ui.status_code == status
    api = cell.client.post(
        api_url, {"kind": "phone", "value": phones[2]}, content_type="application/json"
    )
    assert_api_error(api, status, code, cell.name)
    assert_untouched(cell, before, counts)
    assert_events(watch, cell.actor, [])


def check_create(cell: Cell) -> None:
    """person_create, the create form, POST /people/ — a person in the actor's agency."""
    counts, watch = row_counts(), AuditWatch()
    names = ("Đinh Thị Hoa", "Đinh Thị Huệ", "Đinh Thị Hồng")

    def by_service() -> Person:
        return person_create(
            actor=cell.fresh_actor(), full_name=names[0], sex="female", birth_year=1995
        )

    ui_form = {
        "full_name": names[1],
        "sex": "female",
        "birth_year": "1995",
        "nationality": "VN",
        "admin_unit_province": "31",
    }
    api_payload = {"full_name": names[2], "sex": "female", "birth_year": 1995}
    if cell.outcome == A:
        created = [by_service()]
        ui = cell.client.post(reverse("people:create"), ui_form)
        created.append(
            Person.objects.get(created_by=cell.actor, birth_year=1995, admin_unit=unit("31"))
        )
        assert (ui.status_code, ui["Location"]) == (302, person_url(created[1].pk))
        api = cell.client.post("/api/v1/people/", api_payload, content_type="application/json")
        assert api.status_code == 201, api.content
        assert body(api)["full_name"] == mask_name(names[2])
        created.append(Person.objects.get(pk=body(api)["id"]))
        assert [(p.full_name, p.owner_agency_id, p.created_by_id) for p in created] == [
            (name, cell.actor.agency_id, cell.actor.pk) for name in names
        ]
        assert row_counts()["Person"] == counts["Person"] + 3
        assert_events(
            watch,
            cell.actor,
            [
                ("person.create", str(p.pk), i)
                for p, i in zip(created, ("command", "web", "api"), strict=True)
            ],
        )
        return
    assert cell.outcome == F
    with pytest.raises(PermissionDenied):
        by_service()
    assert cell.client.get(reverse("people:create")).status_code == 404
    assert cell.client.post(reverse("people:create"), ui_form).status_code == 404
    api = cell.client.post("/api/v1/people/", api_payload, content_type="application/json")
    assert_api_error(api, 403, "permission_denied")
    assert row_counts() == counts
    assert_events(watch, cell.actor, [])


def check_list_page(cell: Cell) -> None:
    watch = AuditWatch()
    ui = cell.client.get(reverse("people:list"))
    api = cell.client.get("/api/v1/people/")
    if cell.outcome == A:
        assert (ui.status_code, api.status_code) == (200, 200)
        assert body(api)["items"]
    else:
        assert cell.outcome == N
        assert_page_404(ui)
        assert_api_error(api, 404, "not_found")
    assert_events(watch, cell.actor, [])


# -- break-glass ------------------------------------------------------------------------------
def check_break_glass(cell: Cell) -> None:
    """break_glass_open and the break-glass page, on a record of each scope or on an id
    that names no record."""
    target = cell.world.persons[cell.scope].pk if cell.scope != "none" else uuid.uuid4()
    before = person_state(target) if cell.scope != "none" else None
    counts, watch = row_counts(), AuditWatch()
    form = {"type": "people.person", "id": str(target), "reason": BREAK_GLASS_REASON}

    def by_service() -> BreakGlassGrant:
        return break_glass_open(
            actor=cell.fresh_actor(),
            object_type="people.person",
            object_id=target,
            reason=BREAK_GLASS_REASON,
        )

    if cell.outcome == A:
        started = timezone.now()
        grants = [by_service()]
        ui = cell.client.post(reverse("access:break_glass"), form)
        assert (ui.status_code, ui["Location"]) == (302, person_url(target))
        grants.append(
            BreakGlassGrant.objects.exclude(pk=grants[0].pk)
            .filter(user=cell.actor, object_id=target, created_at__gte=started)
            .get()
        )
        for grant in grants:
            assert (grant.user_id, grant.object_type, grant.object_id, grant.reason) == (
                cell.actor.pk,
                "people.person",
                target,
                BREAK_GLASS_REASON,
            )
            assert grant.expires_at > timezone.now()
        assert row_counts()["BreakGlassGrant"] == counts["BreakGlassGrant"] + 2
        events = assert_events(
            watch,
            cell.actor,
            [("access.break_glass", str(target), i) for i in ("command", "web")],
        )
        assert [e.reason for e in events] == [BREAK_GLASS_REASON] * 2
        # The grant opens the record, identity included.
        person = Person.objects.get(pk=target)
        assert person_policy.can(cell.fresh_actor(), PeoplePermission.VIEW_IDENTITY, person)
        assert person_state(target) == before
        return
    with pytest.raises(NotFound):
        by_service()
    assert_page_404(cell.client.post(reverse("access:break_glass"), form))
    if cell.outcome == L:
        events = assert_events(
            watch,
            cell.actor,
            [("access.break_glass_failed", str(target), i) for i in ("command", "web")],
        )
        assert [e.reason for e in events] == [BREAK_GLASS_REASON] * 2
        assert [e.changes for e in events] == [{"outcome": "not_found"}] * 2
    else:
        assert cell.outcome == N
        # For a role without break-glass the page does not exist, whatever it names.
        query = {"type": "people.person", "id": str(target)}
        assert_page_404(cell.client.get(reverse("access:break_glass"), query))
        assert_events(watch, cell.actor, [])
    assert row_counts() == counts
    if before is not None:
        assert person_state(target) == before


# -- assignments ------------------------------------------------------------------------------
def check_assign(cell: Cell) -> None:
    """assignment_create: hand the record to a social worker of another agency."""
    pk = cell.person.pk
    assignee = User.objects.select_related("agency").get(pk=cell.world.assignee.pk)
    before, counts, watch = person_state(pk), row_counts(), AuditWatch()
    assert not person_policy.in_scope(assignee, cell.person)

    def by_service() -> Assignment:
        return assignment_create(actor=cell.fresh_actor(), user=assignee, obj=cell.person)

    if cell.outcome == A:
        assignment = by_service()
        assert (
            assignment.user_id,
            assignment.object_type,
            assignment.object_id,
            assignment.assigned_by_id,
        ) == (assignee.pk, "people.person", pk, cell.actor.pk)
        assert row_counts()["Assignment"] == counts["Assignment"] + 1
        [event] = assert_events(watch, cell.actor, [("access.assign", str(pk), "command")])
        assert event.changes == {"assignment": str(assignment.pk), "user": str(assignee.pk)}
        # The assignee now reaches the record, identity and changes included.
        for permission in (PeoplePermission.VIEW_IDENTITY, PeoplePermission.CHANGE):
            assert person_policy.can(assignee, permission, cell.person)
    else:
        assert cell.outcome == N
        with pytest.raises(NotFound):
            by_service()
        assert row_counts() == counts
        assert_events(watch, cell.actor, [])
        assert not person_policy.in_scope(assignee, cell.person)
    assert person_state(pk) == before


# -- accounts ---------------------------------------------------------------------------------
def _user_target(cell: Cell) -> User:
    if cell.scope == "self":
        return cell.fresh_actor()
    return User.objects.select_related("agency").get(pk=cell.world.staff[cell.scope].pk)


def check_user_disable(cell: Cell) -> None:
    """user_disable, then the disable button (after setting the account back)."""
    target = _user_target(cell)
    before, counts, watch = user_state(target.pk), row_counts(), AuditWatch()
    url = reverse("accounts:user_disable", kwargs={"pk": target.pk})
    if cell.outcome == A:
        user_disable(actor=cell.fresh_actor(), user=target)
        after = user_state(target.pk)
        assert after["is_active"] is False
        assert after["security_stamp"] != before["security_stamp"]  # sessions end
        User.objects.filter(pk=target.pk).update(is_active=True)  # back, for the button
        response = cell.client.post(url)
        assert (response.status_code, response["Location"]) == (
            302,
            reverse("accounts:user_edit", kwargs={"pk": target.pk}),
        )
        assert user_state(target.pk)["is_active"] is False
        assert row_counts() == counts
        events = assert_events(
            watch, cell.actor, [("user.disable", str(target.pk), i) for i in ("command", "web")]
        )
        assert [e.changes for e in events] == [["is_active"]] * 2
        return
    with pytest.raises(expect_raises(cell.outcome)):
        user_disable(actor=cell.fresh_actor(), user=target)
    assert cell.client.post(url).status_code == denied_status(cell.outcome)[0]
    assert user_state(target.pk) == before
    assert row_counts() == counts
    assert_events(watch, cell.actor, [])


def check_user_update(cell: Cell) -> None:
    target = _user_target(cell)
    before, counts, watch = user_state(target.pk), row_counts(), AuditWatch()

    def by_service() -> User:
        return user_update(
            actor=cell.fresh_actor(),
            user=target,
            full_name="Nguyễn Văn Đổi Tên",
            role=target.role,
            agency=target.agency,
            email=target.email,
        )

    if cell.outcome == A:
        by_service()
        after = user_state(target.pk)
        assert after["full_name"] == "Nguyễn Văn Đổi Tên"
        assert {k: v for k, v in after.items() if k not in ("full_name", "name_key")} == {
            k: v for k, v in before.items() if k not in ("full_name", "name_key")
        }
        [event] = assert_events(watch, cell.actor, [("user.update", str(target.pk), "command")])
        assert event.changes == {"fields": ["full_name"]}
        assert row_counts() == counts
        return
    with pytest.raises(expect_raises(cell.outcome)):
        by_service()
    assert user_state(target.pk) == before
    assert row_counts() == counts
    assert_events(watch, cell.actor, [])


def check_agency_create(cell: Cell) -> None:
    counts, watch = row_counts(), AuditWatch()

    def by_service() -> Agency:
        return agency_create(
            actor=cell.fresh_actor(),
            name="Đồn Biên phòng cửa khẩu thử nghiệm",
            agency_type=AgencyType.BORDER_GUARD,
            admin_unit=unit("40"),
        )

    if cell.outcome == A:
        agency = by_service()
        assert Agency.objects.get(pk=agency.pk).name == "Đồn Biên phòng cửa khẩu thử nghiệm"
        assert row_counts()["Agency"] == counts["Agency"] + 1
        assert_events(watch, cell.actor, [("agency.create", str(agency.pk), "command")])
        return
    assert cell.outcome == F
    with pytest.raises(PermissionDenied):
        by_service()
    assert row_counts() == counts
    assert_events(watch, cell.actor, [])


def check_agency_update(cell: Cell) -> None:
    agency = Agency.objects.get(pk=cell.world.agencies[cell.scope].pk)
    before, counts, watch = agency_state(agency.pk), row_counts(), AuditWatch()
    new_name = f"{agency.name} (đổi tên)"

    def by_service() -> Agency:
        return agency_update(
            actor=cell.fresh_actor(),
            agency=agency,
            name=new_name,
            agency_type=agency.agency_type,
            admin_unit=agency.admin_unit,
            parent=agency.parent,
            is_remote=agency.is_remote,
            is_active=agency.is_active,
        )

    if cell.outcome == A:
        by_service()
        assert agency_state(agency.pk)["name"] == new_name
        [event] = assert_events(watch, cell.actor, [("agency.update", str(agency.pk), "command")])
        assert event.changes == ["name"]
        return
    with pytest.raises(expect_raises(cell.outcome)):
        by_service()
    assert agency_state(agency.pk) == before
    assert row_counts() == counts
    assert_events(watch, cell.actor, [])


def check_api_token(cell: Cell) -> None:
    """A personal API token for oneself."""
    counts, watch = row_counts(), AuditWatch()
    response = cell.client.post(
        "/api/v1/accounts/tokens",
        {"name": "Đồng bộ số liệu", "days": 30},
        content_type="application/json",
    )
    if cell.outcome == A:
        assert response.status_code == 201, response.content
        token = ApiToken.objects.get(pk=body(response)["id"])
        assert (token.user_id, token.name) == (cell.actor.pk, "Đồng bộ số liệu")
        assert body(response)["token"].startswith(f"lc_{token.prefix}_")
        assert row_counts()["ApiToken"] == counts["ApiToken"] + 1
        assert_events(watch, cell.actor, [("api_token.create", str(token.pk), "api")])
        return
    assert cell.outcome == F
    assert_api_error(response, 403, "permission_denied")
    assert row_counts() == counts
    assert_events(watch, cell.actor, [])


# -- audit trail ------------------------------------------------------------------------------
def check_audit_read(cell: Cell) -> None:
    """An event recorded under an agency, on the trail page and in the API."""
    marker, watch = cell.world.markers[cell.scope], AuditWatch()
    ui = cell.client.get(reverse("audit:event_list"))
    api = cell.client.get("/api/v1/audit/events", {"limit": 200})
    if cell.expected("audit_page") == N:
        assert cell.outcome == N
        assert_page_404(ui, marker)
        assert_api_error(api, 404, "not_found", marker)
    else:
        assert (ui.status_code, api.status_code) == (200, 200)
        assert body(api)["next_before"] is None  # the whole trail is on this page
        shown = cell.outcome == A
        assert (marker in html(ui)) == shown
        assert (marker in [item["object_id"] for item in body(api)["items"]]) == shown
    assert_events(watch, cell.actor, [])


def check_audit_page(cell: Cell) -> None:
    watch = AuditWatch()
    ui = cell.client.get(reverse("audit:event_list"))
    api = cell.client.get("/api/v1/audit/events")
    log = cell.client.get(reverse("audit:break_glass_log"))
    if cell.outcome == A:
        assert (ui.status_code, api.status_code, log.status_code) == (200, 200, 200)
    else:
        assert cell.outcome == N
        assert_page_404(ui)
        assert_page_404(log)
        assert_api_error(api, 404, "not_found")
    assert_events(watch, cell.actor, [])


def check_audit_export(cell: Cell) -> None:
    """The CSV export holds what the actor reads, and is itself an audit event."""
    watch = AuditWatch()
    response = cell.client.get(reverse("audit:export"))
    if cell.outcome == A:
        assert response.status_code == 200
        csv = b"".join(response.streaming_content).decode()
        for scope, marker in cell.world.markers.items():
            assert (marker in csv) == (cell.expected("audit_read", scope) == A), scope
        assert_events(watch, cell.actor, [("audit.export", "", "web")])
        return
    assert cell.outcome == N
    assert_page_404(response, *cell.world.markers.values())
    assert_events(watch, cell.actor, [])


# -- reference data and reports ---------------------------------------------------------------
def check_geo(cell: Cell) -> None:
    watch = AuditWatch()
    api = cell.client.get("/api/v1/geo/provinces")
    ui = cell.client.get(reverse("geo:search"))
    if cell.outcome == A:
        assert (api.status_code, ui.status_code) == (200, 200)
        assert len(body(api)) == 34
    else:
        assert cell.outcome == N
        assert_api_error(api, 404, "not_found")
        assert_page_404(ui)
    assert_events(watch, cell.actor, [])


def check_reports(cell: Cell) -> None:
    """No reports module yet: the permission is checked where it is visible today,
    in the caller's own permission list."""
    watch = AuditWatch()
    me = cell.client.get("/api/v1/accounts/me")
    assert me.status_code == 200
    granted = ReportsPermission.VIEW_AGGREGATES.value in body(me)["permissions"]
    assert granted == (cell.outcome == A)
    assert cell.outcome in (A, N)
    assert_events(watch, cell.actor, [])


# -- the actions, their scopes and the permissions they exercise ------------------------------
@dataclass(frozen=True)
class Action:
    scopes: tuple[str, ...]
    permissions: frozenset[str]
    check: Callable[[Cell], None]


def _perms(*permissions: Any) -> frozenset[str]:
    return frozenset(str(p) for p in permissions)


ACTIONS: dict[str, Action] = {
    "list": Action(PERSON_SCOPES, _perms(PeoplePermission.VIEW), check_list),
    "detail": Action(PERSON_SCOPES, _perms(PeoplePermission.VIEW), check_detail),
    "reveal": Action(PERSON_SCOPES, _perms(PeoplePermission.VIEW_IDENTITY), check_reveal),
    "update": Action(PERSON_SCOPES, _perms(PeoplePermission.CHANGE), check_update),
    "add_identifier": Action(PERSON_SCOPES, _perms(PeoplePermission.CHANGE), check_add_identifier),
    "break_glass": Action(
        PERSON_SCOPES + NO_RECORD, _perms(AccessPermission.BREAK_GLASS), check_break_glass
    ),
    "assign": Action(PERSON_SCOPES, _perms(AccessPermission.ASSIGN), check_assign),
    "list_page": Action(NO_RECORD, _perms(PeoplePermission.VIEW), check_list_page),
    "create": Action(NO_RECORD, _perms(PeoplePermission.CREATE), check_create),
    "user_disable": Action(
        USER_SCOPES,
        _perms(AccountsPermission.MANAGE_AGENCY_USERS, AccountsPermission.MANAGE_ALL_USERS),
        check_user_disable,
    ),
    "user_update": Action(
        USER_SCOPES,
        _perms(AccountsPermission.MANAGE_AGENCY_USERS, AccountsPermission.MANAGE_ALL_USERS),
        check_user_update,
    ),
    "agency_create": Action(
        NO_RECORD, _perms(AccountsPermission.MANAGE_AGENCIES), check_agency_create
    ),
    "agency_update": Action(
        AGENCY_SCOPES, _perms(AccountsPermission.MANAGE_AGENCIES), check_agency_update
    ),
    "api_token": Action(NO_RECORD, _perms(AccountsPermission.CREATE_API_TOKEN), check_api_token),
    "audit_read": Action(TRAIL_SCOPES, _perms(AuditPermission.VIEW_TRAIL), check_audit_read),
    "audit_page": Action(NO_RECORD, _perms(AuditPermission.VIEW_TRAIL), check_audit_page),
    "audit_export": Action(NO_RECORD, _perms(AuditPermission.EXPORT_TRAIL), check_audit_export),
    "geo": Action(NO_RECORD, _perms(GeoPermission.VIEW), check_geo),
    "reports": Action(NO_RECORD, _perms(ReportsPermission.VIEW_AGGREGATES), check_reports),
}

CELLS = [
    pytest.param(role, action, scope, outcome, id=f"{role}-{action}-{scope}")
    for role, row in EXPECTED.items()
    for action, by_scope in row.items()
    for scope, outcome in by_scope.items()
]


@pytest.mark.parametrize(("role", "action", "scope", "outcome"), CELLS)
def test_cell(world: World, db: Any, role: str, action: str, scope: str, outcome: str) -> None:
    actor = User.objects.select_related("agency").get(pk=world.actors[role].pk)
    cell = Cell(world, role, scope, outcome, actor, logged_in_client(actor))
    on_person = ACTIONS[action].scopes[: len(PERSON_SCOPES)] == PERSON_SCOPES
    person_pk = world.persons[scope].pk if on_person and scope != "none" else None
    counts = row_counts()
    before = person_state(person_pk) if person_pk else None
    ACTIONS[action].check(cell)
    if outcome != A:  # a second net under every check: nothing stored has moved
        assert row_counts() == counts
        if person_pk:
            assert person_state(person_pk) == before


# -- the table itself -------------------------------------------------------------------------
def test_table_has_every_role_action_and_scope() -> None:
    assert set(EXPECTED) == set(Role.values)
    for role, row in EXPECTED.items():
        assert list(row) == list(ACTIONS), role
        for action, by_scope in row.items():
            assert tuple(by_scope) == ACTIONS[action].scopes, (role, action)
            assert set(by_scope.values()) <= set(OUTCOMES), (role, action)
    # "Masked" only where a record can be seen at all; "logged" only for break-glass.
    for role, row in EXPECTED.items():
        for action, by_scope in row.items():
            if M in by_scope.values():
                assert action in ("list", "reveal"), (role, action)
            if L in by_scope.values():
                assert (action, by_scope.get("none")) == ("break_glass", L), role


# Domains whose role × action cells are tested by their own app's matrix test
# (lachan/<domain>/tests/test_access_matrix.py). A permission added anywhere else must
# be exercised by an action above.
NOT_YET_IN_MATRIX = (
    "tips.",
    "cases.",
    "networks.",
    "victims.",
    "prevention.",
    "plans.",
    "linkage.",
    "reports.produce_period_report",
    "reports.export_partner_data",
)


def test_every_permission_is_exercised_by_some_action() -> None:
    every = {str(p) for enum in ALL_PERMISSION_ENUMS for p in enum}
    pending = {p for p in every if p.startswith(NOT_YET_IN_MATRIX)}
    exercised = set().union(*(a.permissions for a in ACTIONS.values()))
    assert exercised == every - pending
    assert not exercised & pending


def test_matrix_size() -> None:
    # 8 roles × (7 person actions × 6 scopes + break-glass on no record + 8 actions
    # without a record + 2 user actions × 5 scopes + 4 trail scopes + 2 agency scopes).
    assert len(CELLS) == 8 * (42 + 1 + 8 + 10 + 4 + 2) == 536


def test_world_is_what_the_scopes_say(world: World, db: Any) -> None:
    """The scopes are real rows in the relations they claim (so a cell cannot pass for
    the wrong reason)."""
    own, sub = world.agencies["own"], world.agencies["subagency"]
    jur, other = world.agencies["jurisdiction"], world.agencies["other_province"]
    assert {a.agency_id for a in world.actors.values()} == {own.pk}
    assert sub.parent_id == own.pk and sub.admin_unit.province_id == own.admin_unit_id
    assert jur.pk not in agency_subtree_ids(own)
    assert jur.admin_unit_id == own.admin_unit_id
    assert other.admin_unit.code == "40"
    people = {scope: Person.objects.get(pk=p.pk) for scope, p in world.persons.items()}
    assert people["own"].owner_agency_id == own.pk
    assert people["subagency"].owner_agency_id == sub.pk
    # Outside the jurisdiction: only the agency subtree reaches it.
    assert people["subagency"].admin_unit.province_id != own.admin_unit_id
    assert people["jurisdiction"].owner_agency_id == jur.pk
    assert people["jurisdiction"].admin_unit.province_id == own.admin_unit_id
    for scope in ("assigned", "break_glass", "other_province"):
        assert people[scope].owner_agency_id == other.pk
        assert people[scope].admin_unit.province.code == "40"
    for actor in world.actors.values():
        assigned = set(Assignment.objects.filter(user=actor).values_list("object_id", flat=True))
        granted = set(
            BreakGlassGrant.objects.filter(user=actor, expires_at__gt=timezone.now()).values_list(
                "object_id", flat=True
            )
        )
        assert (assigned, granted) == (
            {people["assigned"].pk},
            {people["break_glass"].pk},
        )
    # The assignee's agency owns no person and is no scope's agency.
    assert world.assignee.agency_id not in {a.pk for a in world.agencies.values()}
    assert not Person.objects.filter(owner_agency_id=world.assignee.agency_id).exists()
    marker_agencies = {
        scope: AuditEvent.objects.get(object_id=marker).agency_id
        for scope, marker in world.markers.items()
    }
    assert marker_agencies == {key: a.pk for key, a in world.agencies.items()}
    assert {key: u.agency_id for key, u in world.staff.items()} == marker_agencies


def test_jurisdiction_includes_a_residence_known_only_to_the_province(
    world: World, db: Any
) -> None:
    """A person whose commune is unknown lives in "Hải Phòng" itself: still in the
    Hải Phòng supervisor's jurisdiction (masked), still out of an officer's reach."""
    person = person_create(
        actor=User.objects.get(pk=world.staff["other_province"].pk),
        full_name="Mai Thị Lan",
        admin_unit=unit("31"),
    )
    supervisor = User.objects.get(pk=world.actors["supervisor"].pk)
    officer = User.objects.get(pk=world.actors["officer"].pk)
    assert person_policy.in_scope(supervisor, person)
    assert not person_policy.can(supervisor, PeoplePermission.VIEW_IDENTITY, person)
    assert not person_policy.in_scope(officer, person)


def test_auditor_of_no_agency_reads_every_agency(world: World, db: Any) -> None:
    """The rule's other half: an auditor attached to no agency reads the whole trail."""
    national = UserFactory(username="kiemtra_tw", role=Role.AUDITOR, agency=None)
    response = logged_in_client(national).get("/api/v1/audit/events", {"limit": 200})
    assert response.status_code == 200
    shown = {item["object_id"] for item in body(response)["items"]}
    assert set(world.markers.values()) <= shown
