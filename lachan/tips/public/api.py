"""The public tips API (/api/v1/public/tips/…): no authentication, listed one by one in
``lachan/access/public_routes.py``. Same services as the public pages: a single-use
form token first, then the tip; the receipt travels only in JSON bodies. Errors are the
usual ``{"code", "message", "fields"}``: 422 ``form_token`` / ``validation_failed`` /
``wrong_receipt``, 429 ``throttled``."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import secrets

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from lachan.core.errors import ValidationFailed
from lachan.geo import selectors as geo
from lachan.geo.models import AdminUnit, Era
from lachan.tips.cleaning import AttachmentInput
from lachan.tips.public import services
from lachan.tips.public.tokens import token_issue
from lachan.tips.public.views import CLIENT_COOKIE
from lachan.tips.schemas import AttachmentIn

router = Router(auth=None, tags=["public"])


class TokenOut(Schema):
    token: str
    not_before: dt.datetime = Field(description="Do not send the tip before this time.")


class PublicTipIn(Schema):
    token: str = Field(max_length=100)
    what: str = Field(max_length=20_000, description="What happened.")
    where: str = Field("", max_length=1000)
    province: str = Field("", max_length=10, description="Official code of a current province.")
    when: str = Field("", max_length=500)
    who: str = Field("", max_length=5000)
    danger: str = Field("unknown", description="yes, no or unknown.")
    contact: str = Field("", max_length=2000, description="How to contact; empty: do not.")
    website: str = Field("", description="Leave empty.")
    attachments: list[AttachmentIn] = Field(default_factory=list)


class ReceiptOut(Schema):
    receipt: str = Field(description="Shown once: only a slow hash of it is stored.")


class ReceiptIn(Schema):
    receipt: str = Field(max_length=40)


class ReporterMessageIn(Schema):
    receipt: str = Field(max_length=40)
    body: str = Field(max_length=5000)


class PublicMessageOut(Schema):
    from_reporter: bool
    body: str
    at: dt.datetime


class PublicStatusOut(Schema):
    status: str = Field(description='"received" also while the tip is being registered.')
    status_text: str
    registered: bool = Field(
        True,
        description="False: stored, being entered in the register (seconds); messages "
        "can be sent once it is true.",
    )
    replaced: bool = Field(description="True: the receipt sent was replaced by ``receipt``.")
    receipt: str | None = Field(description="The new receipt when replaced, else null.")
    messages: list[PublicMessageOut]


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def _province(code: str) -> AdminUnit | None:
    if not code:
        return None
    # The cached province list: no query per submission.
    unit = next((p for p in geo.province_list(era=Era.CURRENT) if p.code == code), None)
    if unit is None:
        raise _invalid("province", _("Choose a province from the list."))
    return unit


def _attachments(items: list[AttachmentIn]) -> list[AttachmentInput]:
    files = []
    for n, item in enumerate(items):
        try:
            data = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise _invalid(f"attachments.{n}", _("The file is not valid base64.")) from None
        files.append(AttachmentInput(item.filename, data))
    return files


def _client(request: HttpRequest, response: HttpResponse) -> str:
    value = request.COOKIES.get(CLIENT_COOKIE, "")
    if not 20 <= len(value) <= 64:
        value = secrets.token_urlsafe(24)
        response.set_cookie(CLIENT_COOKIE, value, max_age=24 * 3600, httponly=True, samesite="Lax")
    return value


def _status(follow: services.FollowUp) -> dict[str, object]:
    return {
        "status": services.status_code(follow.tip),
        "registered": follow.registered,
        "status_text": services.status_words(follow.tip),
        "replaced": follow.replaced,
        "receipt": follow.receipt if follow.replaced else None,
        "messages": [m.__dict__ for m in services.public_messages(follow.tip)],
    }


@router.get("/tips/token", response=TokenOut, url_name="public_tips_token")
def get_token(request: HttpRequest, response: HttpResponse) -> dict[str, object]:
    """A single-use token for one tip. Also sets the per-browser throttling cookie
    (error answers cannot set it), so clients should keep cookies."""
    _client(request, response)
    token, not_before = token_issue()
    return {"token": token, "not_before": not_before}


@router.post("/tips", response={201: ReceiptOut}, url_name="public_tips_submit")
def submit(request: HttpRequest, payload: PublicTipIn) -> Status[dict[str, str]]:
    """Send a tip anonymously; the answer carries its receipt code (shown once)."""
    if payload.website.strip():
        message = _("Your report could not be sent. Please check it and send again.")
        raise ValidationFailed(message, code="rejected")
    data = services.PublicTipInput(
        what=payload.what,
        where=payload.where,
        province=_province(payload.province),
        when=payload.when,
        who=payload.who,
        danger=payload.danger,
        contact=payload.contact,
        attachments=_attachments(payload.attachments),
    )
    _stored, code = services.public_tip_submit(token=payload.token, data=data)
    return Status(201, {"receipt": code})


@router.post("/tips/status", response=PublicStatusOut, url_name="public_tips_status")
def status(request: HttpRequest, response: HttpResponse, payload: ReceiptIn) -> dict[str, object]:
    """The tip's status and messages. A receipt a hotline operator gave is replaced on
    first use: the answer then carries the new one."""
    follow = services.public_follow_up(receipt=payload.receipt, client=_client(request, response))
    return _status(follow)


@router.post("/tips/messages", response={201: PublicStatusOut}, url_name="public_tips_message")
def message(
    request: HttpRequest, response: HttpResponse, payload: ReporterMessageIn
) -> Status[dict[str, object]]:
    """Send a message to the officers; answers with the status and all messages. 409
    ``not_registered_yet`` while the report is still being entered in the register
    (``registered`` false in the status): send it again in a few minutes."""
    follow = services.public_message(
        receipt=payload.receipt, client=_client(request, response), body=payload.body
    )
    return Status(201, _status(follow))
