"""Incremental check: one new person against the existing ones (``check_person``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lachan_bench_linkage \\
        .venv/bin/python -m bench.linkage.bench_incremental --samples 20

For each sample an existing bench person is re-typed as another agency would (upper
case without diacritics, birth year one off, the same phone in +84 notation) and
recorded through ``person_create``; then ``check_person`` — blind-index candidate
look-up, decryption of the candidates only, scoring with the model — is timed. Prints
the database size, median / p95 / max time and the candidates per check, and whether
the re-typed record found its original."""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench import _django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--without-phone",
        action="store_true",
        help="re-type without the phone: the original must be found by name alone",
    )
    args = parser.parse_args()
    _django.setup()
    from django.db import connection

    from lachan.access.roles import Role
    from lachan.accounts.models import Agency, User
    from lachan.core.identifiers import normalize_phone
    from lachan.core.synthetic import typed_without_diacritics
    from lachan.core.text import fold
    from lachan.linkage import engine
    from lachan.linkage.services import check_person
    from lachan.people.models import Person
    from lachan.people.services import IdentifierInput, person_create

    total = Person.objects.count()
    agency = Agency.objects.order_by("name").first()
    assert agency is not None, "generate the bench persons first (bench/generate.py)"
    actor, _ = User.objects.get_or_create(
        username="bench.linkage",
        defaults={
            "full_name": "Bench linkage",
            "name_key": fold("Bench linkage"),
            "role": Role.OFFICER,
            "agency": agency,
        },
    )
    rng = random.Random(args.seed)
    ids = list(Person.objects.values_list("pk", flat=True)[: 50 * args.samples])
    times: list[float] = []
    candidates: list[int] = []
    found = 0
    for pk in rng.sample(ids, args.samples):
        original = Person.objects.prefetch_related("identifiers").get(pk=pk)
        phones = [i.value for i in original.identifiers.all() if i.kind == "phone"]
        year = original.birth_year
        new = person_create(
            actor=actor,
            full_name=typed_without_diacritics(original.full_name),
            sex=original.sex,
            birth_year=(year + rng.choice((-1, 0, 1))) if year else None,
            birth_precision="approximate" if year else None,
            admin_unit=original.admin_unit,
            identifiers=[IdentifierInput("phone", normalize_phone(phones[0]))]
            if phones and not args.without_phone
            else [],
        )
        connection.queries_log.clear()
        started = time.perf_counter()
        pairs = check_person(person_id=new.pk)
        times.append(time.perf_counter() - started)
        from lachan.linkage.records import candidate_ids, link_record, person_queryset

        candidates.append(len(candidate_ids(new, link_record(person_queryset().get(pk=new.pk)))))
        if any(
            {p.person_a_id, p.person_b_id} == {new.pk, pk}
            and p.probability >= engine.MATCH_THRESHOLD
            for p in pairs
        ):
            found += 1
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"database: {connection.vendor}, {total:,} persons".replace(",", "."))
    print("re-typed " + ("without the phone" if args.without_phone else "with the phone"))
    print(
        f"check_person: median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms,"
        f" max {times[-1] * 1000:.0f} ms over {len(times)} checks"
    )
    print(
        f"candidates per check: median {statistics.median(candidates):.0f},"
        f" max {max(candidates)}; original found at p≥{engine.MATCH_THRESHOLD}:"
        f" {found}/{len(times)}"
    )


if __name__ == "__main__":
    main()
