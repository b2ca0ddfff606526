"""``manage.py create_api_token USERNAME [--days N] [--name NAME]``: issue a personal
API token from the server's command line and print it once. The token acts with
exactly the user's permissions; the audit event names no actor (interface: command)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lachan.accounts.api_tokens import DEFAULT_TOKEN_DAYS, api_token_create
from lachan.accounts.models import User
from lachan.accounts.services import normalize_username
from lachan.core.context import Interface, interface
from lachan.core.errors import DomainError


class Command(BaseCommand):
    help = "Create an API token for a user and print it (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=DEFAULT_TOKEN_DAYS)
        parser.add_argument("--name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=normalize_username(options["username"])).first()
        if user is None:
            raise CommandError("No such user.")
        name = options["name"] or f"command line {timezone.localdate():%d/%m/%Y}"
        try:
            with interface(Interface.COMMAND):
                issued = api_token_create(actor=None, user=user, name=name, days=options["days"])
        except DomainError as exc:
            details = "; ".join(m for msgs in exc.fields.values() for m in msgs)
            raise CommandError(f"{exc.message} {details}".strip()) from exc
        expires = timezone.localtime(issued.token.expires_at)
        self.stderr.write(
            f"Token “{issued.token.name}” for {user.username}, "
            f"valid until {expires:%d/%m/%Y %H:%M}."
        )
        self.stderr.write("It is shown only this once; only its SHA-256 is stored.")
        self.stdout.write(issued.secret)
