"""Demo step for plans: this year's counter-trafficking plan of each demo province's
police, created by its supervisor from the annual template (the seed plan's targets),
and Nghệ An's 30/7 campaign plan. Idempotent: a plan of the same template, agency and
year is not created again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lachan.accounts.models import User
from lachan.core.demo import DemoContext
from lachan.plans.models import Plan
from lachan.plans.services import DirectiveInput, plan_create_from_template

PLANS = (
    ("hp.chihuy", "annual"),
    ("na.chihuy", "annual"),
    ("ct.chihuy", "annual"),
    ("na.chihuy", "campaign_30_7"),
)


def seed(context: DemoContext) -> None:
    year = timezone.localdate().year
    for username, template in PLANS:
        user = context.users.get(username) or User.objects.filter(username=username).first()
        if user is None or user.agency is None:
            continue
        if Plan.objects.filter(agency=user.agency, template_key=template, start_year=year).exists():
            continue
        directive = DirectiveInput(
            number=f"{120 + len(username)}/KH-BCĐ138",
            issued_on=dt.date(year, 1, 15),
            issuer="Ban Chỉ đạo 138",
            title="Thực hiện công tác phòng, chống mua bán người",
        )
        plan_create_from_template(
            actor=user, template_key=template, year=year, directives=(directive,)
        )
        context.created["kế hoạch"] += 1
    context.say(f"Kế hoạch: {Plan.objects.count()} kế hoạch năm {year}.")
