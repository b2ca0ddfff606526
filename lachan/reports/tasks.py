"""Background work of the reports domain."""

from __future__ import annotations

from django_tasks import task

from lachan.core.context import Interface, interface


@task()
def produce_period_report(report_id: str) -> str:
    """Produce a requested period report (idempotent); returns its final status."""
    from lachan.reports.services import period_report_produce

    with interface(Interface.TASK):
        report = period_report_produce(report_id=report_id)
    return report.status if report is not None else "missing"
