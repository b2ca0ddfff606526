"""Demo step: agencies of three provinces and one account per role, ready to log in.

Real, current (post-2025) units: Hải Phòng ("31", coastal), Nghệ An ("40", bordering
Laos) and Cần Thơ ("92"). Every account shares one demo password, has chosen it itself
(``user_password_change``, so ``must_change_password`` is cleared and audited) and has
an authenticator enrolled with a secret derived from its username, so that every run
prints the same secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lachan.access.roles import Role
from lachan.accounts import services
from lachan.accounts.models import Agency, AgencyType, User
from lachan.audit.services import audit_record
from lachan.core.demo import DemoContext, DemoLogin, refuse_in_production
from lachan.core.errors import Conflict
from lachan.geo import selectors as geo
from lachan.geo.models import AdminUnit, Level

DEMO_PASSWORD = "LaChan@demo2026"  # noqa: S105 (published on purpose: demo accounts only)
# Public on purpose as well: the secrets only need to be stable, not secret.
_TOTP_SALT = b"lachan-demo-totp-v1"
ADMIN_USERNAME = "quantri"
ADMIN_FULL_NAME = "Trần Quốc Bảo"


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    agency_type: str
    province: str  # official code
    commune: str = ""  # full official name; the province itself when empty
    parent: str = ""  # key of the parent agency
    is_remote: bool = False


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    role: Role
    agency: str  # key; "" for none


HP, NA, CT = "31", "40", "92"
AGENCIES: tuple[AgencySpec, ...] = (
    # Hải Phòng: a coastal city (Cát Hải special zone); the port is a known route.
    AgencySpec("hp.police", "Công an thành phố Hải Phòng", AgencyType.PROVINCIAL_POLICE, HP),
    AgencySpec(
        "hp.commune_police",
        "Công an phường Lê Chân",
        AgencyType.COMMUNE_POLICE,
        HP,
        "Phường Lê Chân",
        parent="hp.police",
    ),
    AgencySpec(
        "hp.border", "Đồn Biên phòng Cát Hải", AgencyType.BORDER_GUARD, HP, "Đặc khu Cát Hải"
    ),
    AgencySpec("hp.health", "Sở Y tế thành phố Hải Phòng", AgencyType.SOCIAL_SERVICES, HP),
    AgencySpec(
        "hp.social",
        "Trung tâm Công tác xã hội thành phố Hải Phòng",
        AgencyType.SOCIAL_SERVICES,
        HP,
        parent="hp.health",
    ),
    AgencySpec(
        "hp.committee",
        "UBND phường Lê Chân",
        AgencyType.COMMUNE_COMMITTEE,
        HP,
        "Phường Lê Chân",
    ),
    AgencySpec(
        "hp.steering",
        "Văn phòng Ban Chỉ đạo 138 thành phố Hải Phòng",
        AgencyType.STEERING_COMMITTEE,
        HP,
    ),
    # Nghệ An: the Nậm Cắn international border gate with Laos, in a mountain commune.
    AgencySpec("na.police", "Công an tỉnh Nghệ An", AgencyType.PROVINCIAL_POLICE, NA),
    AgencySpec(
        "na.commune_police",
        "Công an xã Nậm Cắn",
        AgencyType.COMMUNE_POLICE,
        NA,
        "Xã Nậm Cắn",
        parent="na.police",
        is_remote=True,
    ),
    AgencySpec(
        "na.border",
        "Đồn Biên phòng cửa khẩu quốc tế Nậm Cắn",
        AgencyType.BORDER_GUARD,
        NA,
        "Xã Nậm Cắn",
        is_remote=True,
    ),
    AgencySpec("na.health", "Sở Y tế tỉnh Nghệ An", AgencyType.SOCIAL_SERVICES, NA),
    AgencySpec(
        "na.social",
        "Trung tâm Công tác xã hội tỉnh Nghệ An",
        AgencyType.SOCIAL_SERVICES,
        NA,
        parent="na.health",
    ),
    AgencySpec(
        "na.committee",
        "UBND xã Nậm Cắn",
        AgencyType.COMMUNE_COMMITTEE,
        NA,
        "Xã Nậm Cắn",
        is_remote=True,
    ),
    AgencySpec(
        "na.steering",
        "Văn phòng Ban Chỉ đạo 138 tỉnh Nghệ An",
        AgencyType.STEERING_COMMITTEE,
        NA,
    ),
    # Cần Thơ: the Mekong delta city.
    AgencySpec("ct.police", "Công an thành phố Cần Thơ", AgencyType.PROVINCIAL_POLICE, CT),
    AgencySpec(
        "ct.commune_police",
        "Công an phường Ninh Kiều",
        AgencyType.COMMUNE_POLICE,
        CT,
        "Phường Ninh Kiều",
        parent="ct.police",
    ),
    AgencySpec("ct.health", "Sở Y tế thành phố Cần Thơ", AgencyType.SOCIAL_SERVICES, CT),
    AgencySpec(
        "ct.social",
        "Trung tâm Công tác xã hội thành phố Cần Thơ",
        AgencyType.SOCIAL_SERVICES,
        CT,
        parent="ct.health",
    ),
    AgencySpec(
        "ct.committee",
        "UBND phường Ninh Kiều",
        AgencyType.COMMUNE_COMMITTEE,
        CT,
        "Phường Ninh Kiều",
    ),
    AgencySpec(
        "ct.steering",
        "Văn phòng Ban Chỉ đạo 138 thành phố Cần Thơ",
        AgencyType.STEERING_COMMITTEE,
        CT,
    ),
)

USERS: tuple[UserSpec, ...] = (
    UserSpec("hp.tiepnhan", "Phạm Thị Thu Hà", Role.INTAKE_OPERATOR, "hp.commune_police"),
    UserSpec("hp.dieutra", "Nguyễn Đức Mạnh", Role.OFFICER, "hp.police"),
    UserSpec("hp.chihuy", "Vũ Văn Thành", Role.SUPERVISOR, "hp.police"),
    UserSpec("hp.ctxh", "Đỗ Thị Minh Nguyệt", Role.SOCIAL_WORKER, "hp.social"),
    UserSpec("hp.phantich", "Lê Hoàng Nam", Role.ANALYST, "hp.steering"),
    UserSpec("hp.quantri", "Bùi Quang Huy", Role.AGENCY_ADMIN, "hp.police"),
    UserSpec("hp.kiemtoan", "Hoàng Thị Lan Anh", Role.AUDITOR, "hp.police"),
    UserSpec("na.chihuy", "Hồ Sỹ Hùng", Role.SUPERVISOR, "na.police"),
    UserSpec("na.dieutra", "Nguyễn Cảnh Toàn", Role.OFFICER, "na.police"),
    UserSpec("na.bienphong", "Lô Văn Thắng", Role.OFFICER, "na.border"),
    UserSpec("na.ctxh", "Phan Thị Hoài Thương", Role.SOCIAL_WORKER, "na.social"),
    # The commune's own officer (UBND xã Nậm Cắn): records returnees and awareness work.
    UserSpec("na.canboxa", "Vi Thị Mai", Role.OFFICER, "na.committee"),
    UserSpec("ct.chihuy", "Huỳnh Văn Phúc", Role.SUPERVISOR, "ct.police"),
    UserSpec("ct.dieutra", "Trương Minh Tâm", Role.OFFICER, "ct.police"),
    UserSpec("ct.ctxh", "Lâm Thị Ngọc Hân", Role.SOCIAL_WORKER, "ct.social"),
)


# -- second factor ------------------------------------------------------------------------
def demo_totp_secret(username: str) -> str:
    """Base32 of HMAC(demo salt, username), 32 characters (160 bits): the same secret
    for the same username on every machine and every run."""
    digest = hmac.new(_TOTP_SALT, username.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:32]


def demo_totp_enrol(*, user: User, secret: str) -> User:
    """Enrol an authenticator with a known secret, as if the user had scanned it and
    confirmed a first code. Demo data only: refused in production."""
    refuse_in_production()
    if user.has_totp:
        raise Conflict(_("Two-step verification is already set up."))
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.totp_last_step = 0
    with transaction.atomic():
        user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
        audit_record(
            actor=user, action="auth.totp_enrolled", target=user, changes={"source": "demo"}
        )
    return user


def _ready_to_log_in(user: User, context: DemoContext) -> None:
    """Finish what a first login would do: own password, authenticator enrolled."""
    if user.must_change_password:
        services.user_password_change(actor=user, new_password=DEMO_PASSWORD)
    if not user.has_totp:
        demo_totp_enrol(user=user, secret=demo_totp_secret(user.username))
    with translation.override("vi"):
        role = str(Role(user.role).label)
    context.logins.append(
        DemoLogin(
            username=user.username,
            role=role,
            agency=user.agency.name if user.agency else "(toàn hệ thống)",
            password=DEMO_PASSWORD,
            totp_secret=user.totp_secret,
        )
    )


# -- agencies and users ----------------------------------------------------------------------
def _admin(context: DemoContext) -> User:
    """The demo system administrator, made the way ``bootstrap_admin`` makes the first
    one on a fresh install (or by an existing administrator when there is one)."""
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        existing = (
            User.objects.filter(role=Role.SYSTEM_ADMIN, is_active=True)
            .order_by("date_joined")
            .first()
        )
        if existing is None:
            user = services.user_bootstrap(username=ADMIN_USERNAME, full_name=ADMIN_FULL_NAME).user
        else:
            user = services.user_create(
                actor=existing,
                username=ADMIN_USERNAME,
                full_name=ADMIN_FULL_NAME,
                role=Role.SYSTEM_ADMIN,
                agency=None,
            ).user
        context.created["users"] += 1
    return user


def _unit(spec: AgencySpec) -> AdminUnit:
    province = geo.unit_by_code(code=spec.province)
    if not spec.commune:
        return province
    for unit in geo.search_units(query=spec.commune, level=Level.COMMUNE, province=province):
        if unit.name == spec.commune:
            return unit
    raise LookupError(f"{spec.commune} không có trong danh mục đơn vị hành chính.")


def _agency(spec: AgencySpec, *, admin: User, context: DemoContext) -> Agency:
    unit = _unit(spec)
    agency = Agency.objects.filter(name=spec.name, admin_unit=unit).first()
    if agency is None:
        agency = services.agency_create(
            actor=admin,
            name=spec.name,
            agency_type=spec.agency_type,
            admin_unit=unit,
            parent=context.agencies[spec.parent] if spec.parent else None,
            is_remote=spec.is_remote,
        )
        context.created["agencies"] += 1
    return agency


def _user(spec: UserSpec, *, admin: User, context: DemoContext) -> User:
    user = User.objects.select_related("agency").filter(username=spec.username).first()
    if user is None:
        user = services.user_create(
            actor=admin,
            username=spec.username,
            full_name=spec.full_name,
            role=spec.role,
            agency=context.agencies[spec.agency] if spec.agency else None,
        ).user
        context.created["users"] += 1
    return user


def seed(context: DemoContext) -> None:
    admin = _admin(context)
    _ready_to_log_in(admin, context)
    context.users[admin.username] = admin
    for agency_spec in AGENCIES:
        context.agencies[agency_spec.key] = _agency(agency_spec, admin=admin, context=context)
    for user_spec in USERS:
        user = _user(user_spec, admin=admin, context=context)
        _ready_to_log_in(user, context)
        context.users[user.username] = user
