from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VictimsConfig(AppConfig):
    name = "lachan.victims"
    label = "victims"
    verbose_name = _("Victims")
