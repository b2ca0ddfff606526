"""Where the links come from: read from the other domains' tables as plain id columns
(no model instances, no decryption except of address texts), fed into a
``GraphBuilder``.

- persons and their identifiers: ``people.PersonIdentifier.value_index``, the blind
  index of the normalised identifier, so equal index = same phone, account, ID number
  (a Zalo account that is a phone number shares the phone's index);
- persons and their addresses: ``people.PersonAddress`` has no blind index of its text.
  The builder decrypts the text in the worker's memory (as record linkage does), folds
  it (case, diacritics, punctuation) and keys it by a keyed hash with the current
  admin unit code: ``a:<unit code>:<hash>``. Only addresses with a house number (a
  digit) count, otherwise "Xã Nậm Cắn" alone would link a whole commune;
- tips: the identifiers written in them (``tips.TipIdentifier``, same blind index) and
  the recorded persons they mention (``tips.TipPerson``);
- cases: suspects (``cases.Suspect``) — co-suspects meet at the case node — and the
  tips a case came from (``Case.source_tips``, ``Tip.case_id``);
- vehicles: no model of the system records them yet, so none are drawn;
- record linkage: ``person_cluster_map`` (below) maps persons to clusters; every
  cluster of two or more persons becomes a connector node ``k:<cluster key>`` that its
  members link to (``SAME_PERSON``), so components and walks treat the linked records
  as one person while access is still decided per record.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.utils.module_loading import import_string

from lachan.core.crypto import blind_index
from lachan.core.text import fold
from lachan.networks.graph import EdgeKind, GraphBuilder, NodeKind, node_key

ADDRESS_PURPOSE = "net:address"
_HOUSE_NUMBER = re.compile(r"[0-9]")
BATCH = 5000

PersonClusterMap = Callable[[Iterable[uuid.UUID]], Mapping[uuid.UUID, str]]


def identity_cluster_map(person_ids: Iterable[uuid.UUID]) -> Mapping[uuid.UUID, str]:
    """Every person is their own cluster (the default until linkage provides one)."""
    return {}


def person_cluster_map(person_ids: Iterable[uuid.UUID]) -> Mapping[uuid.UUID, str]:
    """The hook record linkage fills: ``{person id: cluster key}`` for the persons that
    belong to a cluster (persons left out stand alone). Set
    ``LACHAN_NETWORKS_PERSON_CLUSTER_MAP`` to the dotted path of a function with this
    signature; the cluster key must carry no personal content (a cluster's UUID)."""
    path = getattr(settings, "LACHAN_NETWORKS_PERSON_CLUSTER_MAP", "")
    mapper: PersonClusterMap = import_string(path) if path else identity_cluster_map
    return mapper(person_ids)


def address_key(unit_code: str, text: str) -> str | None:
    folded = fold(text or "")
    if not _HOUSE_NUMBER.search(folded):
        return None
    digest = blind_index(f"{unit_code}\x1f{folded}", purpose=ADDRESS_PURPOSE)
    return f"a:{unit_code}:{digest[:40]}"


def build_from_database() -> GraphBuilder:
    """Every link the system knows, as one builder."""
    from lachan.people.models import PersonAddress, PersonIdentifier
    from lachan.tips.models import TipIdentifier, TipPerson

    builder = GraphBuilder()
    person_ids: set[uuid.UUID] = set()

    def person(pk: uuid.UUID) -> str:
        person_ids.add(pk)
        return node_key(NodeKind.PERSON, pk)

    rows = PersonIdentifier.objects.values_list("person_id", "value_index").order_by()
    for person_id, index in rows.iterator(chunk_size=BATCH):
        builder.link(
            person(person_id),
            NodeKind.PERSON,
            f"i:{index}",
            NodeKind.IDENTIFIER,
            EdgeKind.HOLDS,
        )
    addresses = (
        PersonAddress.objects.filter(admin_unit__isnull=False)
        .values_list("person_id", "admin_unit__code", "text")
        .order_by()
    )
    for person_id, unit_code, text in addresses.iterator(chunk_size=BATCH):
        key = address_key(unit_code, text)
        if key is not None:
            builder.link(
                person(person_id), NodeKind.PERSON, key, NodeKind.ADDRESS, EdgeKind.LIVES_AT
            )
    tip_ids = TipIdentifier.objects.values_list("tip_id", "value_index").order_by()
    for tip_id, index in tip_ids.iterator(chunk_size=BATCH):
        builder.link(
            node_key(NodeKind.TIP, tip_id),
            NodeKind.TIP,
            f"i:{index}",
            NodeKind.IDENTIFIER,
            EdgeKind.MENTIONS,
        )
    mentions = (
        TipPerson.objects.filter(person__isnull=False).values_list("tip_id", "person_id").order_by()
    )
    for tip_id, person_id in mentions.iterator(chunk_size=BATCH):
        builder.link(
            node_key(NodeKind.TIP, tip_id),
            NodeKind.TIP,
            person(person_id),
            NodeKind.PERSON,
            EdgeKind.MENTIONS,
        )
    _add_cases(builder, person)
    _add_clusters(builder, person_ids)
    return builder


def _add_cases(builder: GraphBuilder, person: Callable[[uuid.UUID], str]) -> None:
    from lachan.cases.models import Case, Suspect
    from lachan.tips.models import Tip

    suspects = Suspect.objects.values_list("case_id", "person_id").order_by()
    for case_id, person_id in suspects.iterator(chunk_size=BATCH):
        builder.link(
            node_key(NodeKind.CASE, case_id),
            NodeKind.CASE,
            person(person_id),
            NodeKind.PERSON,
            EdgeKind.SUSPECT,
        )
    opened: set[tuple[uuid.UUID, uuid.UUID]] = set(
        Case.source_tips.through.objects.values_list("tip_id", "case_id").order_by()
    )
    for tip_id, tip_case in (
        Tip.objects.filter(case_id__isnull=False).values_list("pk", "case_id").order_by()
    ):
        if tip_case is not None:
            opened.add((tip_id, tip_case))
    existing_cases = set(
        Case.objects.filter(pk__in={c for _, c in opened}).values_list("pk", flat=True)
    )
    for tip_id, case_id in sorted(opened):
        if case_id in existing_cases:
            builder.link(
                node_key(NodeKind.TIP, tip_id),
                NodeKind.TIP,
                node_key(NodeKind.CASE, case_id),
                NodeKind.CASE,
                EdgeKind.OPENED,
            )


def _add_clusters(builder: GraphBuilder, person_ids: set[uuid.UUID]) -> None:
    members: dict[str, list[uuid.UUID]] = {}
    for person_id, cluster in person_cluster_map(sorted(person_ids)).items():
        members.setdefault(str(cluster), []).append(person_id)
    for cluster, persons in sorted(members.items()):
        if len(persons) < 2:
            continue
        for person_id in sorted(persons):
            builder.link(
                node_key(NodeKind.PERSON, person_id),
                NodeKind.PERSON,
                f"k:{cluster}",
                NodeKind.CLUSTER,
                EdgeKind.SAME_PERSON,
            )
