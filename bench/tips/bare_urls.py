"""The bare endpoint of the intake benchmark: the same Django, middleware, server and
database, but the view only parses the JSON body and inserts one row in one
transaction (the floor any durable intake pays)."""

from __future__ import annotations

import json
import uuid

from django.contrib.auth.decorators import login_not_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

TABLE = "bench_bare_intake"
CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id uuid PRIMARY KEY, content text NOT NULL,"
    " created_at timestamptz NOT NULL DEFAULT now())"
)


@login_not_required
@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    body = json.loads(request.body)
    row_id = uuid.uuid4()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (id, content) VALUES (%s, %s)",  # noqa: S608 - constant
            [str(row_id), body["what"]],
        )
    return JsonResponse({"receipt": str(row_id)}, status=201)


@login_not_required
def ready(request: HttpRequest) -> HttpResponse:
    """Answers the driver's readiness probe."""
    return HttpResponse("ok")


urlpatterns = [path("", ready), path("bare/", bare_insert)]
