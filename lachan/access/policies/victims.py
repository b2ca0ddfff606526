"""Access policies of the victims domain (one policy object per model).

**Reach** (who sees that a victim file exists, with its pseudonymous code and
non-identifying facts) — ``VictimRecordPolicy.scope``:
- the receiving agency and the managing (owning) agency, the user who received the
  person, users the file is assigned to, live break-glass grants;
- agencies a referral was sent to (while requested, accepted or done);
- police on a linked case (``VictimCaseLink``: the case's lead agency);
- supervisors: the agencies below theirs.
A child's file is stricter: inside the receiving and managing agencies only those who
work support (social workers, supervisors) reach it agency-wide; others only when they
received it, are assigned, or reach it through a referral or a linked case.

**Disclosure** (identity — names, date of birth, papers — address and contacts, and the
account of events) — ``disclosure``: the owning side (receiving/managing agency within
reach, the receiver, assignees) and break-glass see it; anyone else only under a live
consent (Art 3(10)) naming their agency — or their role, except for a child, whose
consent must come from the legal representative and name the agency. A withdrawn
consent hides everything again at once. Showing what is disclosed is always audited
(the selectors write the events).

**Work** (change, identify, consent, refer, record support) is done by the managing
agency (and assignees); a referral's receiving agency records the support it delivers
once it has accepted. Approval of a measure outside the entitlement: a supervisor
whose agency is the managing agency or above it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import CasesPermission, Permission, VictimsPermission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import (
    agency_subtree_ids,
    assigned_ids,
    break_glass_id_list,
    break_glass_ids,
    has_break_glass,
    is_assigned,
    is_staff_actor,
)
from lachan.victims.models import (
    Consent,
    ConsentGiver,
    Referral,
    ReferralStatus,
    VictimCaseLink,
    VictimRecord,
)

LABEL = "victims.victimrecord"
_REFERRAL_REACH = (ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED, ReferralStatus.DONE)
_WORK_ACTIONS = frozenset(
    {
        VictimsPermission.CHANGE,
        VictimsPermission.IDENTIFY,
        VictimsPermission.MANAGE_CONSENT,
        VictimsPermission.REFER,
    }
)


@dataclass(frozen=True)
class Disclosure:
    """What of a file's personal data the actor may be shown, and on what basis."""

    identity: bool = False
    address: bool = False
    account: bool = False
    basis: str = "none"  # owner | break_glass | consent | none
    consent_ids: tuple[str, ...] = ()

    @property
    def anything(self) -> bool:
        return self.identity or self.address or self.account

    def fields(self) -> list[str]:
        return [n for n in ("identity", "address", "account") if getattr(self, n)]


HIDDEN = Disclosure()
FULL_OWNER = Disclosure(True, True, True, "owner")
FULL_BREAK_GLASS = Disclosure(True, True, True, "break_glass")


def _case_link_q(actor: Any) -> Q:
    """Files linked to a case the actor reaches (the cases policy decides which)."""
    from lachan.access.policies.cases import case_policy
    from lachan.cases.models import Case

    if not case_policy.has_permission(actor, CasesPermission.VIEW):
        return Q(pk__in=[])
    return Q(
        pk__in=VictimCaseLink.objects.filter(
            case__in=case_policy.scope(actor, Case.objects.all())
        ).values("record_id")
    )


class VictimRecordPolicy(Policy[VictimRecord]):
    model = VictimRecord

    # -- reach -----------------------------------------------------------------------------
    def works_support(self, actor: Any) -> bool:
        return self.has_permission(actor, VictimsPermission.RECORD_SUPPORT)

    def scope(
        self, actor: Any, queryset: QuerySet[VictimRecord] | None = None
    ) -> QuerySet[VictimRecord]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, VictimsPermission.VIEW):
            return queryset.none()
        reach = (
            Q(received_by_id=actor.pk)
            | Q(pk__in=assigned_ids(actor, LABEL))
            | Q(pk__in=break_glass_id_list(actor, LABEL))
        )
        if actor.agency_id is not None:
            own = Q(owner_agency_id=actor.agency_id) | Q(receiving_agency_id=actor.agency_id)
            reach |= own if self.works_support(actor) else own & Q(is_child=False)
            reach |= Q(
                pk__in=Referral.objects.filter(
                    to_agency_id=actor.agency_id, status__in=_REFERRAL_REACH
                ).values("record_id")
            )
            reach |= _case_link_q(actor)
            if self.has_permission(actor, VictimsPermission.APPROVE_SUPPORT):
                below = agency_subtree_ids(actor.agency) - {actor.agency_id}
                if below:
                    reach |= Q(owner_agency_id__in=below) | Q(receiving_agency_id__in=below)
        return queryset.filter(reach)

    # -- the owning side -------------------------------------------------------------------
    def is_owner_side(self, actor: Any, record: VictimRecord) -> bool:
        """Receiving or managing agency (a child's: only those working support), the
        receiver, or an assignee — the side that holds the identity without consent."""
        if record.received_by_id == actor.pk:
            return True
        own_agency = actor.agency_id is not None and actor.agency_id in (
            record.owner_agency_id,
            record.receiving_agency_id,
        )
        if own_agency and (not record.is_child or self.works_support(actor)):
            return True
        return is_assigned(actor, record)

    def manages(self, actor: Any, record: VictimRecord) -> bool:
        return (actor.agency_id is not None and actor.agency_id == record.owner_agency_id) or (
            is_assigned(actor, record)
        )

    def supervises(self, actor: Any, record: VictimRecord) -> bool:
        if not self.has_permission(actor, VictimsPermission.APPROVE_SUPPORT):
            return False
        if actor.agency_id is None:
            return False
        return record.owner_agency_id in agency_subtree_ids(actor.agency)

    def accepted_referral_to(self, actor: Any, record: VictimRecord) -> bool:
        return (
            actor.agency_id is not None
            and Referral.objects.filter(
                record=record, to_agency_id=actor.agency_id, status=ReferralStatus.ACCEPTED
            ).exists()
        )

    # -- record-level ----------------------------------------------------------------------
    def actions_on(
        self, actor: Any, record: VictimRecord, *, in_reach: bool | None = None
    ) -> frozenset[Permission]:
        """Every record-level permission the actor holds on ``record``. ``in_reach``:
        the caller already fetched the record through ``scope`` (saves that query)."""
        if not is_staff_actor(actor):
            return frozenset()
        if not (self.in_scope(actor, record) if in_reach is None else in_reach):
            return frozenset()
        held: set[Permission] = {VictimsPermission.VIEW}
        manages = self.manages(actor, record)
        for action in _WORK_ACTIONS:
            if manages and self.has_permission(actor, action):
                held.add(action)
        if self.has_permission(actor, VictimsPermission.RECORD_SUPPORT) and (
            manages or self.accepted_referral_to(actor, record)
        ):
            held.add(VictimsPermission.RECORD_SUPPORT)
        if self.supervises(actor, record):
            held.add(VictimsPermission.APPROVE_SUPPORT)
        if self.disclosure(actor, record, in_reach=True).anything:
            held.add(VictimsPermission.VIEW_IDENTITY)
        return frozenset(held)

    def can_on(self, actor: Any, action: Permission, obj: VictimRecord) -> bool:
        return action in self.actions_on(actor, obj)

    # -- disclosure (Art 3(10)) -------------------------------------------------------------
    def _consents_for(self, actor: Any, record_ids: Iterable[uuid.UUID]) -> QuerySet[Consent]:
        grantee = Q(grantee_role=actor.role, record__is_child=False)
        if actor.agency_id is not None:
            grantee |= Q(grantee_agency_id=actor.agency_id)
        child_ok = Q(record__is_child=False) | Q(given_by=ConsentGiver.LEGAL_REPRESENTATIVE)
        return Consent.objects.filter(
            grantee & child_ok, record_id__in=list(record_ids), withdrawn_at__isnull=True
        )

    def disclosure(
        self, actor: Any, record: VictimRecord, *, in_reach: bool | None = None
    ) -> Disclosure:
        if not self.has_permission(actor, VictimsPermission.VIEW_IDENTITY):
            return HIDDEN
        if not (self.in_scope(actor, record) if in_reach is None else in_reach):
            return HIDDEN
        if self.is_owner_side(actor, record):
            return FULL_OWNER
        if has_break_glass(actor, record):
            return FULL_BREAK_GLASS
        return self._from_consents(list(self._consents_for(actor, [record.pk])))

    @staticmethod
    def _from_consents(consents: list[Consent]) -> Disclosure:
        if not consents:
            return HIDDEN
        return Disclosure(
            identity=any(c.share_identity for c in consents),
            address=any(c.share_address for c in consents),
            account=any(c.share_account for c in consents),
            basis="consent",
            consent_ids=tuple(sorted(str(c.pk) for c in consents)),
        )

    def disclosures(self, actor: Any, records: list[VictimRecord]) -> dict[uuid.UUID, Disclosure]:
        """For a page of records in reach: what may be shown of each (three queries)."""
        if not records or not self.has_permission(actor, VictimsPermission.VIEW_IDENTITY):
            return {}
        ids = [r.pk for r in records]
        works = self.works_support(actor)
        assigned = set(
            assigned_ids(actor, LABEL).filter(object_id__in=ids).values_list("object_id", flat=True)
        )
        granted = set(
            break_glass_ids(actor, LABEL)
            .filter(object_id__in=ids)
            .values_list("object_id", flat=True)
        )
        result: dict[uuid.UUID, Disclosure] = {}
        rest: list[uuid.UUID] = []
        for r in records:
            own_agency = actor.agency_id is not None and actor.agency_id in (
                r.owner_agency_id,
                r.receiving_agency_id,
            )
            if (
                r.received_by_id == actor.pk
                or (own_agency and (works or not r.is_child))
                or r.pk in assigned
            ):
                result[r.pk] = FULL_OWNER
            elif r.pk in granted:
                result[r.pk] = FULL_BREAK_GLASS
            else:
                rest.append(r.pk)
        if rest:
            by_record: dict[uuid.UUID, list[Consent]] = {}
            for consent in self._consents_for(actor, rest):
                by_record.setdefault(consent.record_id, []).append(consent)
            for pk, consents in by_record.items():
                result[pk] = self._from_consents(consents)
        return result

    # -- without a record ------------------------------------------------------------------
    def may_create(self, actor: Any) -> bool:
        return self.has_permission(actor, VictimsPermission.CREATE) and actor.agency_id is not None

    def may_view_numbers(self, actor: Any) -> bool:
        return self.has_permission(actor, VictimsPermission.VIEW_NUMBERS)

    def numbers_agency_ids(self, actor: Any) -> set[uuid.UUID] | None:
        """The agencies whose files an analyst or supervisor may count (None: all)."""
        if actor.agency_id is None:
            return None
        return agency_subtree_ids(actor.agency)


victim_record_policy = VictimRecordPolicy()
register(victim_record_policy)
