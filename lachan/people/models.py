"""Persons and what they are found by. A person is who someone is; being a victim or a
suspect is a role played in another module (as in IOM's HTCDS).

Identity fields are encrypted at rest (``lachan.core.crypto``). Exact lookups use blind
indexes: ``name_index`` over the folded full name, ``PersonNameToken`` per folded
syllable (so "huong" finds "Nguyễn Thị Hường"), ``PersonIdentifier.value_index`` over
the normalised identifier."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lachan.core.crypto import EncryptedJSONField, EncryptedTextField
from lachan.core.identifiers import IDENTIFIER_LABELS, IdentifierKind
from lachan.core.models import BaseModel
from lachan.people.ethnicities import ETHNICITY_CHOICES


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class BirthPrecision(models.TextChoices):
    EXACT = "exact", _("Exact date")
    YEAR = "year", _("Year only")
    APPROXIMATE = "approximate", _("Approximate year")
    UNKNOWN = "unknown", _("Unknown")


class Person(BaseModel):
    owner_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="persons"
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = EncryptedTextField(_("full name"))
    name_index = models.CharField(max_length=64, db_index=True)
    aliases = EncryptedJSONField(_("other names"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = EncryptedTextField(_("date of birth"), blank=True, default="")  # ISO date
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_precision = models.CharField(
        _("birth date precision"),
        max_length=12,
        choices=BirthPrecision.choices,
        default=BirthPrecision.UNKNOWN,
    )
    # Statistics office code ("01" Kinh … "54" Rơ Măm), "foreign" or "unknown".
    ethnicity = models.CharField(
        _("ethnicity"), max_length=16, blank=True, choices=ETHNICITY_CHOICES
    )
    # ISO 3166-1 alpha-2 (lachan/people/data/countries.csv; XX stateless, ZZ unknown).
    nationality = models.CharField(_("nationality"), max_length=2, default="VN")
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("place of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )  # the current (post-2025) unit; drives jurisdiction

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["owner_agency", "-created_at"])]

    def __str__(self) -> str:
        return f"Person {self.pk}"


class PersonNameToken(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    token_index = models.CharField(max_length=64)  # indexed with the person, below

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "token_index"], name="people_token_unique")
        ]
        # Name search counts and lists the persons of one syllable from the index alone
        # (an index-only scan), without visiting the table.
        indexes = [models.Index(fields=["token_index", "person"], name="people_token_person")]

    def __str__(self) -> str:
        return f"Name token of {self.person_id}"


class PersonIdentifier(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(
        _("kind"), max_length=16, choices=[(k.value, IDENTIFIER_LABELS[k]) for k in IdentifierKind]
    )
    value = EncryptedTextField(_("value"))  # as entered
    # Blind index of the normalised value; phones, and Zalo/Telegram accounts that are
    # phone numbers, share one purpose so they match each other (core.identifiers).
    value_index = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["kind", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "value_index"], name="people_identifier_unique"
            )
        ]

    def __str__(self) -> str:  # never the value: str() ends up in logs
        return f"{self.kind} identifier {self.pk}"


class AddressKind(models.TextChoices):
    PERMANENT = "permanent", _("Permanent residence")
    CURRENT = "current", _("Current residence")
    BIRTHPLACE = "birthplace", _("Place of birth")
    OTHER = "other", _("Other")


class PersonAddress(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(_("kind"), max_length=12, choices=AddressKind.choices)
    text = EncryptedTextField(_("address as entered"))
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )  # current (post-2025) unit resolved from what was entered

    class Meta:
        ordering = ["kind", "created_at"]

    def __str__(self) -> str:
        return f"{self.kind} address {self.pk}"
