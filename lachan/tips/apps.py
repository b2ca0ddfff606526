from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "lachan.tips"
    label = "tips"
    verbose_name = _("Tips register")

    def ready(self) -> None:
        # A supervisor may open a tip outside their reach by break-glass (reason
        # required, time-limited, audited), like a person.
        from lachan.access.breakglass import BreakGlassTarget, register_target

        register_target(
            BreakGlassTarget(
                object_type="tips.tip",
                model_label="tips.Tip",
                detail_url_name="tips:detail",
                label=_("Tip"),
            )
        )
