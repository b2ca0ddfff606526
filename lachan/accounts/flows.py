"""The staff login, one step at a time (in the manner of django-allauth's flows).

1. ``start``: username + password. On success the session holds a *pending* login
   (user id, the user's security stamp, a start time), not a logged-in user.
2. ``submit_code``: a TOTP code, or for a user without a second factor the first code
   of the authenticator being enrolled (``enrolment`` gives its QR code and secret).
3. ``submit_new_password``: only for a one-time password handed out by an administrator.

Only then ``django.contrib.auth.login()`` runs and ``SESSION_LOGIN_AT`` starts the
absolute session lifetime. The HTML views call these functions and turn the errors
into messages; a JSON API can call them the same way.

Failures of either step count against the account's throttle (``throttle.py``). An
unknown username runs the same password hashing, gets the same messages and status
codes, and is locked the same way as a known one. Audit events never hold the typed
username or password: the actor is the user when the name exists, else nobody."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lachan.accounts import services, throttle, totp
from lachan.accounts.middleware import SESSION_LOGIN_AT
from lachan.accounts.models import User
from lachan.audit.services import audit_record
from lachan.core.errors import DomainError

PENDING_USER = "lachan_login_pending_user"
PENDING_STAMP = "lachan_login_pending_stamp"
PENDING_AT = "lachan_login_pending_at"
PENDING_STAGE = "lachan_login_pending_stage"
PENDING_NEXT = "lachan_login_pending_next"
_PENDING_KEYS = (PENDING_USER, PENDING_STAMP, PENDING_AT, PENDING_STAGE, PENDING_NEXT)
# Time allowed between the password and the last step.
PENDING_SECONDS = 10 * 60
BACKEND = "django.contrib.auth.backends.ModelBackend"


class Stage(StrEnum):
    TOTP = "totp"  # enter a code from the enrolled authenticator
    ENROL = "enrol"  # no second factor yet: set one up and confirm a first code
    # Signed in with a one-time password: choose one's own.
    NEW_PASSWORD = "new_password"  # noqa: S105 (a stage name, not a password)
    DONE = "done"  # logged in


class LoginFailed(DomainError):
    code = "login_failed"
    http_status = 401


class LoginLocked(DomainError):
    code = "login_locked"
    http_status = 429


class LoginExpired(DomainError):
    """No pending login in this session (never started, too old, or voided)."""

    code = "login_expired"
    http_status = 401


FAILED_TEXT = _("Incorrect username or password.")
LOCKED_TEXT = _("Too many failed attempts. Sign-in is paused for up to %(minutes)s minutes.")
CODE_TEXT = _("The verification code is wrong or has already been used.")
EXPIRED_TEXT = _("Your sign-in has expired. Please start again.")


def locked_message() -> str:
    return LOCKED_TEXT % {"minutes": max(1, _lock_seconds() // 60)}


@dataclass(frozen=True)
class Pending:
    user: User
    stage: Stage
    next_url: str


@dataclass(frozen=True)
class Enrolment:
    secret: str
    grouped_secret: str
    uri: str
    qr_svg: str


# -- helpers --------------------------------------------------------------------------------
def _lookup(username: str) -> User | None:
    return (
        User.objects.select_related("agency")
        .filter(username=services.normalize_username(username))
        .first()
    )


def _password_matches(user: User | None, password: str) -> bool:
    if user is None:
        # Hash anyway, so that an unknown name takes as long as a known one.
        User().set_password(password)
        return False
    return user.check_password(password)


def _audit_failure(user: User | None, *, step: str, reason: str) -> None:
    audit_record(
        actor=user,
        action="auth.login_failure",
        target=user,
        object_type="accounts.user",
        changes={"step": step, "reason": reason},
    )


def _fail(user: User | None, key: str, *, step: str, reason: str, locked: bool) -> DomainError:
    """Record a failed attempt (and a lock it causes); return the error to raise."""
    with transaction.atomic():
        locked_now = False if locked else throttle.record_failure(key)
        _audit_failure(user, step=step, reason=reason)
        if locked_now:
            audit_record(
                actor=user,
                action="auth.locked",
                target=user,
                object_type="accounts.user",
                changes={"seconds": _lock_seconds()},
            )
    if locked or locked_now:
        return LoginLocked(locked_message())
    return LoginFailed(FAILED_TEXT)


def _lock_seconds() -> int:
    return int(settings.LACHAN_LOGIN_LOCK_SECONDS)


def _clear_pending(request: HttpRequest) -> None:
    for name in _PENDING_KEYS:
        request.session.pop(name, None)


# -- the steps ------------------------------------------------------------------------------
def start(request: HttpRequest, *, username: str, password: str, next_url: str = "") -> Stage:
    """Step 1. ``next_url`` must already be checked as safe by the caller."""
    _clear_pending(request)
    key = throttle.throttle_key(username)
    user = _lookup(username)
    password_ok = _password_matches(user, password)  # before the lock check: same timing
    locked = throttle.locked_until(key) is not None
    if locked:
        raise _fail(user, key, step="password", reason="locked", locked=True)
    if user is None or not password_ok:
        raise _fail(user, key, step="password", reason="password", locked=False)
    if not user.is_active:
        raise _fail(user, key, step="password", reason="inactive", locked=False)
    stage = Stage.TOTP if user.has_totp else Stage.ENROL
    with transaction.atomic():
        audit_record(actor=user, action="auth.login_password_ok", target=user)
    # A fresh session key: whatever key the visitor brought is not the one that logs in.
    request.session.cycle_key()
    request.session[PENDING_USER] = str(user.pk)
    request.session[PENDING_STAMP] = str(user.security_stamp)
    request.session[PENDING_AT] = time.time()
    request.session[PENDING_STAGE] = stage.value
    request.session[PENDING_NEXT] = next_url
    return stage


def pending(request: HttpRequest) -> Pending | None:
    """The login in progress, if still valid: recent, same user stamp (a disable, a
    password or 2FA reset in the meantime voids it), user still active."""
    user_id = request.session.get(PENDING_USER)
    if not user_id:
        return None
    started = float(request.session.get(PENDING_AT) or 0)
    user = User.objects.select_related("agency").filter(pk=user_id).first()
    if (
        user is None
        or not user.is_active
        or str(user.security_stamp) != request.session.get(PENDING_STAMP)
        or time.time() - started > PENDING_SECONDS
    ):
        _clear_pending(request)
        return None
    stage = Stage(request.session.get(PENDING_STAGE, Stage.TOTP))
    if stage is Stage.ENROL and user.has_totp:  # enrolled meanwhile, in another tab
        stage = Stage.TOTP
        request.session[PENDING_STAGE] = stage.value
    return Pending(user=user, stage=stage, next_url=request.session.get(PENDING_NEXT) or "")


def _require_pending(request: HttpRequest, *stages: Stage) -> Pending:
    current = pending(request)
    if current is None or current.stage not in stages:
        raise LoginExpired(EXPIRED_TEXT)
    return current


def enrolment(request: HttpRequest) -> Enrolment:
    """Step 2 for a user without a second factor: the secret to put in the app."""
    current = _require_pending(request, Stage.ENROL)
    secret = services.totp_enrolment_begin(user=current.user)
    uri = totp.provisioning_uri(secret, username=current.user.username)
    return Enrolment(
        secret=secret,
        grouped_secret=totp.grouped(secret),
        uri=uri,
        qr_svg=totp.qr_svg(uri, title=str(_("QR code for your authenticator app"))),
    )


def submit_code(request: HttpRequest, *, code: str) -> Stage:
    """Step 2: a code from the authenticator (or the first one, confirming enrolment)."""
    current = _require_pending(request, Stage.TOTP, Stage.ENROL)
    user = current.user
    key = throttle.throttle_key(user.username)
    if throttle.locked_until(key) is not None:
        _clear_pending(request)
        raise _fail(user, key, step="totp", reason="locked", locked=True)
    if current.stage is Stage.ENROL:
        accepted = services.totp_enrolment_confirm(user=user, code=code)
    else:
        accepted = services.totp_verify(user=user, code=code)
    if not accepted:
        error = _fail(user, key, step="totp", reason="code", locked=False)
        if isinstance(error, LoginLocked):
            _clear_pending(request)
            raise error
        raise LoginFailed(CODE_TEXT)
    if user.must_change_password:
        request.session[PENDING_STAGE] = Stage.NEW_PASSWORD.value
        return Stage.NEW_PASSWORD
    _complete(request, current)
    return Stage.DONE


def submit_new_password(request: HttpRequest, *, new_password: str) -> Stage:
    """Step 3 after a one-time password. Raises ValidationFailed for a weak password."""
    current = _require_pending(request, Stage.NEW_PASSWORD)
    services.user_password_change(actor=current.user, new_password=new_password)
    _complete(request, current)
    return Stage.DONE


def _complete(request: HttpRequest, current: Pending) -> None:
    user = current.user
    with transaction.atomic():
        throttle.clear(throttle.throttle_key(user.username))
        audit_record(actor=user, action="auth.login_success", target=user)
        _clear_pending(request)
        django_login(request, user, backend=BACKEND)
        request.session[SESSION_LOGIN_AT] = time.time()


def cancel(request: HttpRequest) -> None:
    """Abandon a login in progress."""
    _clear_pending(request)


def logout(request: HttpRequest, *, reason: str = "") -> None:
    """End the session (``reason`` is a code, e.g. "session_lifetime")."""
    user = request.user
    if isinstance(user, User):
        with transaction.atomic():
            audit_record(
                actor=user,
                action="auth.logout",
                target=user,
                changes={"reason": reason} if reason else None,
            )
    django_logout(request)
