"""Demo step for linkage: one full re-link over the demo persons, started by the Nghệ
An supervisor, so the review queue holds the records several agencies typed for the
same people ("Nguyễn Thị Hường" 1997 at the social work centre, "NGUYEN THI HUONG"
about 1998 at the Nậm Cắn border post, same phone in another notation). Nothing is
merged: merging is the reviewer's decision."""

from __future__ import annotations

from lachan.core.demo import DemoContext
from lachan.linkage.models import LinkageRun, RunKind, RunStatus
from lachan.linkage.services import relink_start

RUN_BY = "na.chihuy"


def seed(context: DemoContext) -> None:
    if LinkageRun.objects.filter(kind=RunKind.FULL, status=RunStatus.DONE).exists():
        return  # linked by an earlier run
    run = relink_start(actor=context.users[RUN_BY], immediately=True)
    context.created["linkage pairs"] += run.pairs
    context.say(f"Liên kết hồ sơ: {run.records} hồ sơ, {run.pairs} cặp có thể trùng chờ xem xét.")
