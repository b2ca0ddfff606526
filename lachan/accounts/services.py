"""Writes on users, agencies and second factors. Every function checks the policy,
validates before it saves, and records its audit event in the same transaction.

Token issuing and revoking live in ``api_tokens.py``; the login steps in ``flows.py``."""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.access.policies.accounts import (
    AGENCYLESS_ROLES,
    agency_policy,
    user_policy,
)
from lachan.access.reach import agency_subtree_ids
from lachan.access.roles import Role
from lachan.accounts import totp
from lachan.accounts.models import Agency, AgencyType, User
from lachan.audit.services import audit_record
from lachan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lachan.core.text import fold, nfc, squash_spaces
from lachan.geo.models import AdminUnit, Era, Level

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,48}[a-z0-9]$")
# No look-alikes (0/o, 1/l/i): the password is read off a screen and typed by hand.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 (an alphabet)
AGENCY_UNIT_LEVELS = (Level.PROVINCE, Level.COMMUNE)

FieldErrors = dict[str, list[Any]]


@dataclass(frozen=True)
class UserWithPassword:
    user: User
    # The one-time password when the system made it up; None when the admin typed it.
    one_time_password: str | None


# -- helpers --------------------------------------------------------------------------------
def normalize_username(username: str) -> str:
    return nfc(username).strip().lower()


def one_time_password() -> str:
    """Three groups of four (about 59 bits): enough for a password that must be changed
    at first login and sits behind the login lock."""
    return "-".join("".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3))


def _raise_if(errors: FieldErrors) -> None:
    if errors:
        raise ValidationFailed(_("Some fields are not valid."), fields=errors)


def _password_errors(password: str, user: User) -> list[Any]:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def _require_manageable(actor: User, user: User) -> None:
    """Out of the actor's reach: NotFound (as if absent). Visible but not theirs to
    manage (themselves, or a role they cannot grant): PermissionDenied."""
    if not user_policy.in_scope(actor, user):
        raise NotFound(_("Not found."))
    if not user_policy.can_manage(actor, user):
        raise PermissionDenied(_("You cannot manage this account."))


def _check_user_fields(
    actor: User, *, full_name: str, role: str, agency: Agency | None, email: str
) -> FieldErrors:
    errors: FieldErrors = {}
    if not full_name:
        errors["full_name"] = [_("Enter the full name.")]
    elif len(full_name) > 150:
        errors["full_name"] = [_("At most 150 characters.")]
    if role not in Role.values:
        errors["role"] = [_("Choose a role.")]
    elif Role(role) not in user_policy.assignable_roles(actor):
        errors["role"] = [_("You cannot grant this role.")]
    if agency is None:
        if role in Role.values and Role(role) not in AGENCYLESS_ROLES:
            errors["agency"] = [_("Choose the agency this user works for.")]
    elif not user_policy.assignable_agencies(actor).filter(pk=agency.pk).exists():
        errors["agency"] = [_("You cannot add users to this agency.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
    return errors


def _rotate_stamp(user: User) -> None:
    # Part of every session's auth hash: a new stamp ends all of the user's sessions.
    user.security_stamp = uuid.uuid4()


# -- users ----------------------------------------------------------------------------------
def user_create(
    *,
    actor: User,
    username: str,
    full_name: str,
    role: str,
    agency: Agency | None,
    email: str = "",
    password: str | None = None,
) -> UserWithPassword:
    """A new staff account. Without ``password`` a one-time password is made up and
    returned (show it once); either way the user must choose their own password and
    enrol a second factor at first login."""
    if not user_policy.can_manage(actor):
        raise PermissionDenied(_("You cannot create accounts."))
    username = normalize_username(username)
    full_name = squash_spaces(nfc(full_name))
    email = email.strip().lower()
    errors = _check_user_fields(actor, full_name=full_name, role=role, agency=agency, email=email)
    if not USERNAME_RE.fullmatch(username):
        errors["username"] = [
            _("Use 3–50 lower-case letters, digits, dots, dashes or underscores.")
        ]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is already taken.")]
    user = User(
        username=username,
        full_name=full_name,
        name_key=fold(full_name),
        role=role,
        agency=agency,
        email=email,
    )
    generated = None if password else one_time_password()
    initial = password or generated or ""
    if password and (errs := _password_errors(password, user)):
        errors["password"] = errs
    _raise_if(errors)
    user.set_password(initial)
    user.must_change_password = True
    try:
        with transaction.atomic():
            user.save()
            audit_record(
                actor=actor,
                action="user.create",
                target=user,
                changes={"role": role, "agency": str(agency.pk) if agency else ""},
                agency=agency,
            )
    except IntegrityError:  # the same username created at the same moment
        raise ValidationFailed(
            _("Some fields are not valid."),
            fields={"username": [_("This username is already taken.")]},
        ) from None
    return UserWithPassword(user=user, one_time_password=generated)


def user_bootstrap(*, username: str, full_name: str) -> UserWithPassword:
    """The first system administrator of a fresh install (``manage.py bootstrap_admin``).

    The one write with no acting user: it is allowed only while no active system
    administrator exists, and is audited with no actor. The returned one-time password
    must be changed, and a second factor enrolled, at first login — as for anyone."""
    username = normalize_username(username)
    full_name = squash_spaces(nfc(full_name))
    errors: FieldErrors = {}
    if not USERNAME_RE.fullmatch(username):
        errors["username"] = [
            _("Use 3–50 lower-case letters, digits, dots, dashes or underscores.")
        ]
    if not full_name:
        errors["full_name"] = [_("Enter the full name.")]
    elif len(full_name) > 150:
        errors["full_name"] = [_("At most 150 characters.")]
    with transaction.atomic():
        # Inside the transaction: the check and the insert are one unit of work.
        if User.objects.filter(role=Role.SYSTEM_ADMIN, is_active=True).exists():
            raise Conflict(_("A system administrator already exists."))
        if User.objects.filter(username__iexact=username).exists():
            errors["username"] = [_("This username is already taken.")]
        _raise_if(errors)
        generated = one_time_password()
        user = User(
            username=username,
            full_name=full_name,
            name_key=fold(full_name),
            role=Role.SYSTEM_ADMIN,
            agency=None,
            must_change_password=True,
        )
        user.set_password(generated)
        user.save()
        audit_record(
            actor=None,
            action="user.bootstrap",
            target=user,
            changes={"role": Role.SYSTEM_ADMIN.value},
        )
    return UserWithPassword(user=user, one_time_password=generated)


def user_update(
    *,
    actor: User,
    user: User,
    full_name: str,
    role: str,
    agency: Agency | None,
    email: str = "",
) -> User:
    _require_manageable(actor, user)
    full_name = squash_spaces(nfc(full_name))
    email = email.strip().lower()
    _raise_if(_check_user_fields(actor, full_name=full_name, role=role, agency=agency, email=email))
    new: dict[str, Any] = {
        "full_name": full_name,
        "role": role,
        "agency_id": agency.pk if agency else None,
        "email": email,
    }
    changed = sorted(name for name, value in new.items() if getattr(user, name) != value)
    if not changed:
        return user
    changes: dict[str, Any] = {"fields": [name.removesuffix("_id") for name in changed]}
    if "role" in changed:  # role codes are not personal: keep them for the auditor
        changes["role"] = [user.role, role]
    if "agency_id" in changed:
        changes["agency"] = [str(user.agency_id or ""), str(agency.pk if agency else "")]
    for name, value in new.items():
        setattr(user, name, value)
    user.name_key = fold(full_name)
    with transaction.atomic():
        user.save(update_fields=[*changed, "name_key"])
        audit_record(actor=actor, action="user.update", target=user, changes=changes)
        if "role" in changed or "agency_id" in changed:
            # Assignments and emergency grants were given for the old job.
            from lachan.access.services import access_revoke_for_user

            access_revoke_for_user(actor=actor, user=user)
    return user


def user_disable(*, actor: User, user: User) -> User:
    """Ends every session of the user at once. Tokens are kept but refused while the
    user is disabled (they authenticate as the user), so enabling restores them."""
    _require_manageable(actor, user)
    if not user.is_active:
        raise Conflict(_("This account is already disabled."))
    user.is_active = False
    _rotate_stamp(user)
    with transaction.atomic():
        user.save(update_fields=["is_active", "security_stamp"])
        audit_record(actor=actor, action="user.disable", target=user, changes=["is_active"])
    return user


def user_enable(*, actor: User, user: User) -> User:
    _require_manageable(actor, user)
    if user.is_active:
        raise Conflict(_("This account is already enabled."))
    user.is_active = True
    with transaction.atomic():
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, action="user.enable", target=user, changes=["is_active"])
    return user


def user_reset_totp(*, actor: User, user: User) -> User:
    """For a lost phone: the user enrols a new authenticator at next login. Ends the
    user's sessions too, since whoever holds the old device may be in one."""
    _require_manageable(actor, user)
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.totp_last_step = 0
    _rotate_stamp(user)
    with transaction.atomic():
        user.save(
            update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step", "security_stamp"]
        )
        audit_record(actor=actor, action="auth.totp_reset", target=user)
    return user


def user_reset_password(*, actor: User, user: User) -> UserWithPassword:
    """A forgotten password: a new one-time password (show it once), every session of
    the user ends, and the user chooses a new password at next login."""
    _require_manageable(actor, user)
    generated = one_time_password()
    user.set_password(generated)
    user.must_change_password = True
    _rotate_stamp(user)
    with transaction.atomic():
        user.save(update_fields=["password", "must_change_password", "security_stamp"])
        audit_record(actor=actor, action="user.password_reset", target=user)
    return UserWithPassword(user=user, one_time_password=generated)


def user_password_change(*, actor: User, new_password: str) -> User:
    """The actor sets their own password. The caller has verified the current one
    (PasswordChangeForm on the profile page) or has just verified it (login flow).
    Every other session of the actor ends: the caller keeps the current one with
    ``update_session_auth_hash``."""
    if errors := _password_errors(new_password, actor):
        raise ValidationFailed(_("Some fields are not valid."), fields={"new_password": errors})
    actor.set_password(new_password)
    actor.must_change_password = False
    _rotate_stamp(actor)
    with transaction.atomic():
        actor.save(update_fields=["password", "must_change_password", "security_stamp"])
        audit_record(actor=actor, action="user.password_change", target=actor)
    return actor


# -- second factor --------------------------------------------------------------------------
def totp_enrolment_begin(*, user: User) -> str:
    """The secret the user is enrolling (made and stored encrypted on first call, the
    same one afterwards so that a reload does not void an already scanned QR code)."""
    if user.has_totp:
        raise Conflict(_("Two-step verification is already set up."))
    if user.totp_secret:
        return user.totp_secret
    user.totp_secret = totp.new_secret()
    with transaction.atomic():
        user.save(update_fields=["totp_secret"])
        audit_record(actor=user, action="auth.totp_enrolment_started", target=user)
    return user.totp_secret


def _accept_step(user: User, step: int, **extra: Any) -> bool:
    """Compare-and-set: the step is taken only if it is later than the last one taken,
    so the same code can never be used twice, even by two requests at once."""
    taken = User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(
        totp_last_step=step, **extra
    )
    if taken:
        user.totp_last_step = step
        for name, value in extra.items():
            setattr(user, name, value)
    return bool(taken)


def totp_verify(*, user: User, code: str) -> bool:
    """True if ``code`` is a current, never used code of the user's confirmed secret.
    Not audited here: the login flow records the outcome as a login event."""
    if not user.has_totp:
        return False
    step = totp.matching_step(user.totp_secret, code)
    return step is not None and _accept_step(user, step)


def totp_enrolment_confirm(*, user: User, code: str) -> bool:
    """The first code from the new authenticator confirms the enrolment."""
    if user.has_totp or not user.totp_secret:
        return False
    step = totp.matching_step(user.totp_secret, code)
    if step is None:
        return False
    with transaction.atomic():
        if not _accept_step(user, step, totp_confirmed_at=timezone.now()):
            return False
        audit_record(actor=user, action="auth.totp_enrolled", target=user)
    return True


# -- agencies -------------------------------------------------------------------------------
def _check_agency_fields(
    *,
    name: str,
    agency_type: str,
    admin_unit: AdminUnit | None,
    parent: Agency | None,
    agency: Agency | None = None,
) -> FieldErrors:
    errors: FieldErrors = {}
    if not name:
        errors["name"] = [_("Enter the agency's name.")]
    elif len(name) > 200:
        errors["name"] = [_("At most 200 characters.")]
    if agency_type not in AgencyType.values:
        errors["agency_type"] = [_("Choose a type.")]
    if admin_unit is None:
        errors["admin_unit"] = [_("Choose the province or commune the agency serves.")]
    elif admin_unit.era != Era.CURRENT or admin_unit.level not in AGENCY_UNIT_LEVELS:
        errors["admin_unit"] = [_("Choose a current province or commune.")]
    if parent is not None and agency is not None and parent.pk in agency_subtree_ids(agency):
        errors["parent"] = [_("An agency cannot be placed under itself or its own sub-agency.")]
    return errors


def agency_create(
    *,
    actor: User,
    name: str,
    agency_type: str,
    admin_unit: AdminUnit | None,
    parent: Agency | None = None,
    is_remote: bool = False,
) -> Agency:
    if not agency_policy.can_manage(actor):
        raise PermissionDenied(_("You cannot manage agencies."))
    name = squash_spaces(nfc(name))
    _raise_if(
        _check_agency_fields(
            name=name, agency_type=agency_type, admin_unit=admin_unit, parent=parent
        )
    )
    assert admin_unit is not None  # checked above
    agency = Agency(
        name=name,
        name_key=fold(name),
        agency_type=agency_type,
        admin_unit=admin_unit,
        parent=parent,
        is_remote=is_remote,
    )
    with transaction.atomic():
        agency.save()
        audit_record(
            actor=actor,
            action="agency.create",
            target=agency,
            changes={"agency_type": agency_type, "admin_unit": admin_unit.code},
        )
    return agency


def agency_update(
    *,
    actor: User,
    agency: Agency,
    name: str,
    agency_type: str,
    admin_unit: AdminUnit | None,
    parent: Agency | None = None,
    is_remote: bool = False,
    is_active: bool = True,
) -> Agency:
    if not agency_policy.in_scope(actor, agency):
        raise NotFound(_("Not found."))
    if not agency_policy.can_manage(actor, agency):
        raise PermissionDenied(_("You cannot manage agencies."))
    name = squash_spaces(nfc(name))
    _raise_if(
        _check_agency_fields(
            name=name, agency_type=agency_type, admin_unit=admin_unit, parent=parent, agency=agency
        )
    )
    assert admin_unit is not None  # checked above
    new: dict[str, Any] = {
        "name": name,
        "agency_type": agency_type,
        "admin_unit_id": admin_unit.pk,
        "parent_id": parent.pk if parent else None,
        "is_remote": is_remote,
        "is_active": is_active,
    }
    changed = sorted(field for field, value in new.items() if getattr(agency, field) != value)
    if not changed:
        return agency
    for field, value in new.items():
        setattr(agency, field, value)
    agency.name_key = fold(name)
    with transaction.atomic():
        agency.save(update_fields=[*changed, "name_key", "updated_at"])
        audit_record(
            actor=actor,
            action="agency.update",
            target=agency,
            changes=[field.removesuffix("_id") for field in changed],
        )
    return agency
