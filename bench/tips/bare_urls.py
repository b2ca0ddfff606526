"""The bare endpoint of the intake benchmark: the same Django, middleware, server and
database, but the view only parses the JSON body and inserts one row in one
transaction — a row shaped like the public intake's staging row (``PublicSubmission``:
uuid key, arrival time, unique token digest, indexed lookup prefix, salt, digest, a
payload of the same length as the encrypted staging payload, and the same partial
index on waiting rows). The floor any durable intake of the same data pays."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid

from django.contrib.auth.decorators import login_not_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config import urls as app_urls

TABLE = "bench_bare_intake"
CREATE = (
    f"DROP TABLE IF EXISTS {TABLE}",
    f"CREATE TABLE {TABLE} (id uuid PRIMARY KEY, arrived_at timestamptz NOT NULL,"
    " token_digest varchar(64) NOT NULL UNIQUE, lookup varchar(8) NOT NULL,"
    " salt varchar(64) NOT NULL, digest varchar(128) NOT NULL, payload text NOT NULL,"
    " registered_at timestamptz NULL, tip_id uuid NULL)",
    f"CREATE INDEX {TABLE}_lookup ON {TABLE} (lookup)",
    f"CREATE INDEX {TABLE}_waiting ON {TABLE} (arrived_at) WHERE registered_at IS NULL",
)
# Set by bench_intake.py: the length of an encrypted staging payload of the same tip.
PAYLOAD_CHARS = int(os.environ.get("BENCH_BARE_PAYLOAD_CHARS", "600"))


def _payload(body: bytes) -> str:
    text = base64.urlsafe_b64encode(body).decode("ascii")
    return (text * (PAYLOAD_CHARS // max(len(text), 1) + 1))[:PAYLOAD_CHARS]


@login_not_required
@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    body = json.loads(request.body)
    row_id = uuid.uuid4()
    token_digest = hashlib.sha256(body["token"].encode()).hexdigest()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (id, arrived_at, token_digest, lookup, salt, digest, payload)"  # noqa: S608 - constant
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                str(row_id),
                timezone.now(),
                token_digest,
                token_digest[:4].upper(),
                token_digest[:32],
                "argon2id$m=64,t=1,p=1$" + token_digest,
                _payload(request.body),
            ],
        )
    return JsonResponse({"receipt": str(row_id)}, status=201)


# The application's own URLconf first, so that resolving the bare route costs what
# resolving the intake route costs (the same stack, down to the URL resolver).
urlpatterns = [*app_urls.urlpatterns, path("bench/bare/", bare_insert)]
