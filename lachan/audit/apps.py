from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lachan.audit"
    label = "audit"
    verbose_name = "Audit"
