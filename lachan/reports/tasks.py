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


@task()
def refresh_tip_summary(full: bool = False) -> dict[str, object]:
    """Bring the monthly tip summary up to date (decision 0014). Scheduled every few
    minutes (``manage.py reports_refresh_summary --enqueue`` from cron); idempotent, and
    concurrent runs wait for each other."""
    from lachan.reports.summary.refresh import refresh_tip_summary as refresh

    with interface(Interface.TASK):
        result = refresh(full=full)
    return {"full": result.full, "groups": result.groups, "rows": result.rows}
