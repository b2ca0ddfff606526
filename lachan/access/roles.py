"""The roles a staff user can hold. What each role may do is in ``grants.py``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INTAKE_OPERATOR = "intake_operator", _("Intake operator")
    OFFICER = "officer", _("Officer (investigator)")
    SUPERVISOR = "supervisor", _("Supervisor")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    ANALYST = "analyst", _("Analyst (aggregates only)")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    AUDITOR = "auditor", _("Auditor")
