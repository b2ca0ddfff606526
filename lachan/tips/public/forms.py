"""The public tip form and the follow-up forms: plain words, few required fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lachan.geo.models import AdminUnit, Era, Level
from lachan.tips.cleaning import AttachmentInput
from lachan.tips.conf import attachment_max_bytes
from lachan.tips.forms import MultipleFileField
from lachan.tips.public.services import PublicTipInput

HONEYPOT = "website"


class ProvinceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PublicTipForm(forms.Form):
    what = forms.CharField(
        label=_("What happened?"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Write in your own words. You do not need to give your name."),
    )
    where = forms.CharField(
        label=_("Where did it happen?"),
        required=False,
        max_length=1000,
        help_text=_("A village, a street, a shop, a website or a phone number…"),
    )
    province = ProvinceChoiceField(
        label=_("Province or city (if you know it)"),
        required=False,
        queryset=AdminUnit.objects.none(),
        empty_label=_("— I don't know —"),
    )
    when = forms.CharField(label=_("When did it happen?"), required=False, max_length=500)
    who = forms.CharField(
        label=_("Who is involved?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The people involved, the people who may be victims, vehicles, accounts…"),
    )
    danger = forms.ChoiceField(
        label=_("Is someone in danger now?"),
        choices=[("yes", _("Yes")), ("no", _("No")), ("unknown", _("I don't know"))],
        widget=forms.RadioSelect,
        initial="unknown",
    )
    contact = forms.CharField(
        label=_("May we contact you? How?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Optional. A phone number, an email, a time of day. Leave empty if you do not "
            "want to be contacted. It is stored encrypted."
        ),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"),
        required=False,
        help_text=_("Photos, PDF, text or voice recordings, up to 5 MB each."),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Honeypot: hidden from people by CSS, skipped by the keyboard, announced to screen
    # readers as "leave empty". Robots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["province"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE).order_by(
            "name_key"
        )

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data.get("attachments") or []
        limit = attachment_max_bytes()
        for upload in files:
            if upload.size > limit:  # refuse before reading it into memory
                raise forms.ValidationError(
                    gettext("A file is too large (at most %(mb)s MB).")
                    % {"mb": limit // (1024 * 1024)}
                )
        return list(files)

    def honeypot_filled(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())

    def to_input(self) -> PublicTipInput:
        data = self.cleaned_data
        return PublicTipInput(
            what=data["what"],
            where=data["where"],
            province=data["province"],
            when=data["when"],
            who=data["who"],
            danger=data["danger"],
            contact=data["contact"],
            attachments=[
                AttachmentInput(filename=f.name or "file", data=f.read())
                for f in data["attachments"]
            ],
        )


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("The code you received when you sent your report, e.g. ABCD-EFGH-…"),
    )


class ReporterMessageForm(forms.Form):
    receipt = forms.CharField(widget=forms.HiddenInput, max_length=40)
    body = forms.CharField(
        label=_("Your message to the officer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
