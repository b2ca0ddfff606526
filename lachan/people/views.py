"""Staff pages for persons. Reads go through the selectors, writes through the
services; a person out of reach is a 404 like one that does not exist.

Identity is masked by default, on the list and on the detail page; the officer asks
to see it ("Show identity"), which is the audited view. The edit form shows the
identity it edits, so opening it is an audited view too."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lachan.access.permissions import PeoplePermission
from lachan.access.policies.people import person_policy
from lachan.accounts.actors import view_actor
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.people import selectors, services
from lachan.people.forms import (
    AddressForm,
    IdentifierForm,
    PersonForm,
    PersonSearchForm,
    add_service_errors,
    person_initial,
)
from lachan.people.models import Person


def _get_person(request: HttpRequest, person_id: uuid.UUID) -> Person:
    try:
        return selectors.person_get(actor=view_actor(request), person_id=person_id)
    except NotFound:
        raise Http404 from None


def _require_change(request: HttpRequest, person: Person) -> None:
    if not selectors.can_change(view_actor(request), person):
        raise DjangoPermissionDenied(_("You may not change this person's record."))


def _wants_reveal(request: HttpRequest) -> bool:
    return request.GET.get("reveal") in ("1", "true", "on")


@require_http_methods(["GET"])
def person_list(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not person_policy.can(actor, PeoplePermission.VIEW):
        raise Http404
    form = PersonSearchForm(request.GET or None)
    query, sex = "", ""
    if form.is_bound and form.is_valid():
        query, sex = form.cleaned_data["q"], form.cleaned_data["sex"]
    may_reveal = person_policy.can(actor, PeoplePermission.VIEW_IDENTITY)
    try:
        page = selectors.person_list(
            actor=actor,
            query=query,
            sex=sex or None,
            cursor=request.GET.get("cursor") or None,
            reveal=may_reveal and _wants_reveal(request),
        )
    except ValidationFailed:
        raise Http404 from None  # a forged page link
    params = {k: v for k, v in {"q": query, "sex": sex}.items() if v}
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "page": page,
            "params": params,
            "reveal": page.revealed or (may_reveal and _wants_reveal(request)),
            "may_reveal": may_reveal,
            "may_create": person_policy.can(actor, PeoplePermission.CREATE),
        },
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not person_policy.can(actor, PeoplePermission.CREATE):
        raise Http404
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=actor, **form.service_kwargs())
        except ValidationFailed as exc:
            add_service_errors(form, exc.fields, str(exc.message))
        except PermissionDenied as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The person has been recorded."))
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": None},
    )


@require_http_methods(["GET"])
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    person = _get_person(request, person_id)
    may_view_identity = selectors.can_view_identity(actor, person)
    if may_view_identity and _wants_reveal(request):
        view = selectors.person_identity_view(actor=actor, person=person)
    else:
        view = selectors.person_detail(actor=actor, person=person)
    may_change = selectors.can_change(actor, person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": view,
            "may_view_identity": may_view_identity,
            "may_change": may_change,
            # Both forms have a "kind" field: distinct ids keep the labels right.
            "identifier_form": IdentifierForm(auto_id="id_identifier_%s") if may_change else None,
            "address_form": AddressForm(auto_id="id_address_%s") if may_change else None,
        },
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    person = _get_person(request, person_id)
    _require_change(request, person)
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                services.person_update(actor=actor, person=person, **form.service_kwargs())
            except ValidationFailed as exc:
                add_service_errors(form, exc.fields, str(exc.message))
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("people:detail", person_id=person.pk)
    else:
        view = selectors.person_identity_view(actor=actor, person=person)
        form = PersonForm(initial=person_initial(view))
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person},
    )


def _detail_url(person: Person) -> str:
    return reverse("people:detail", kwargs={"person_id": person.pk})


@require_http_methods(["GET", "POST"])
def identifier_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    person = _get_person(request, person_id)
    _require_change(request, person)
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_add_identifier(actor=actor, person=person, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc.fields, str(exc.message))
        else:
            messages.success(request, _("The identifier has been added."))
            return redirect(_detail_url(person))
    return render(request, "people/identifier_form.html", {"form": form, "person_id": person.pk})


@require_POST
def identifier_remove(
    request: HttpRequest, person_id: uuid.UUID, identifier_id: uuid.UUID
) -> HttpResponse:
    person = _get_person(request, person_id)
    _require_change(request, person)
    try:
        services.person_remove_identifier(
            actor=view_actor(request), person=person, identifier_id=identifier_id
        )
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The identifier has been removed."))
    return redirect(_detail_url(person))


@require_http_methods(["GET", "POST"])
def address_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    person = _get_person(request, person_id)
    _require_change(request, person)
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_add_address(actor=actor, person=person, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc.fields, str(exc.message))
        else:
            messages.success(request, _("The address has been added."))
            return redirect(_detail_url(person))
    return render(request, "people/address_form.html", {"form": form, "person_id": person.pk})


@require_POST
def address_remove(
    request: HttpRequest, person_id: uuid.UUID, address_id: uuid.UUID
) -> HttpResponse:
    person = _get_person(request, person_id)
    _require_change(request, person)
    try:
        services.person_remove_address(
            actor=view_actor(request), person=person, address_id=address_id
        )
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The address has been removed."))
    return redirect(_detail_url(person))
