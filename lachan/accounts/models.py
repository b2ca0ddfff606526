"""Agencies (đơn vị), staff users, personal API tokens and login throttling."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.access.roles import Role
from lachan.core.crypto import EncryptedTextField
from lachan.core.models import BaseModel


class AgencyType(models.TextChoices):
    PROVINCIAL_POLICE = "provincial_police", _("Provincial police")
    COMMUNE_POLICE = "commune_police", _("Commune police")
    BORDER_GUARD = "border_guard", _("Border guard post")
    SOCIAL_SERVICES = "social_services", _("Health department / social work centre / shelter")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee office")
    PROCURACY = "procuracy", _("Procuracy")
    OTHER = "other", _("Other")


class Agency(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    # Folded name (no diacritics, lower case) for search; set by the services.
    name_key = models.CharField(max_length=200, blank=True, db_index=True)
    agency_type = models.CharField(_("type"), max_length=32, choices=AgencyType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit served"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    is_remote = models.BooleanField(
        _("remote area"), default=False, help_text=_("Longer transfer deadlines apply.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # Folded full name (no diacritics, lower case) for search; set by the services.
    name_key = models.CharField(max_length=150, blank=True, db_index=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # TOTP: secret encrypted at rest; the last accepted time step blocks code reuse.
    totp_secret = EncryptedTextField(blank=True, default="")
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0)
    # Changing it ends every session of the user (see get_session_auth_hash).
    security_stamp = models.UUIDField(default=uuid.uuid4)
    # Set when an administrator hands out a one-time password: the login flow then asks
    # for a new password before the session starts.
    must_change_password = models.BooleanField(default=False)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_session_auth_hash(self) -> str:
        # Django's session check compares this on every request: including the stamp
        # means a password change, disabling or a 2FA reset ends every open session.
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "lachan.accounts.User.session",
            f"{self.password}|{self.security_stamp}",
            algorithm="sha256",
        ).hexdigest()

    @property
    def has_totp(self) -> bool:
        return self.totp_confirmed_at is not None


class ApiToken(BaseModel):
    """A personal API token: shown once, stored as SHA-256 (it carries 256 random bits,
    so a slow hash adds nothing), with an expiry. It acts with exactly its user's
    permissions."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginThrottle(models.Model):
    """Failed logins per typed username (keyed hash, so unknown names cost the same as
    known ones and no typed text is stored)."""

    key = models.CharField(max_length=64, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.key[:8]}… ({self.failures})"
