"""Who may open each address, generated from the URLconf: not a hand-kept list of pages.

Every view declares who may open it (`core/permissions.py`): `permission_required(perm)`,
`object_permission_required(perm)`, `signed_in` or `public`. A view without a declaration fails
`test_every_view_declares_who_may_open_it`. Every staff address is then requested (the method it
answers: GET, or POST for actions) by

- an anonymous visitor: sent to sign-in;
- a member of staff without the role: refused (403, or 404 for an object, whose existence does
  not leak);
- an allowed user: a holder of a role granting the declared permission, granted for the unit of
  the address's object (office-wide for an object without a unit): admitted. Each role granting the
  permission is tried until one is admitted: a page may ask more of its object than the permission
  that opens the register (approving an item needs an approver, not an editor);
- a user of another unit: the admitted role, granted for a unit that neither holds nor contains
  the object: refused for an object under a unit-scoped permission; admitted for lists and
  office-wide permissions (a list narrows itself to the user's units: `tests/*/test_*scope*`).

Addresses with parameters take them from `OBJECTS`, which names the record each one is about, or
from an app's `tests/<app>/url_objects.py` (`objects(world) -> {name: (parameters, record)}`, which
may make its records through the app's services); an address without an entry fails, so a new page
cannot be missed. The office is the small demo office (`tests/demo_office/conftest.py`, made
through the services), so every kind of record exists. Each request runs in a savepoint that is
rolled back: a posted action changes nothing for the next one.

Not here: `/api/` (every operation declares its security in the OpenAPI schema and is checked by
`tests/api/`) and Django's own admin site (`/django-admin/`, staff flag and Django's permissions).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from magistrat.core.permissions import PUBLIC, SIGNED_IN, known_permissions, object_unit_id, roles
from tests.conftest import verified_login
from tests.factories import StaffFactory, grant

pytestmark = pytest.mark.django_db

NOT_OURS = ("api/", "django-admin/")
DECLARED = {PUBLIC, SIGNED_IN}
REFUSED = {403, 404}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    view: Callable
    parameters: tuple[str, ...]

    @property
    def permission(self) -> str | None:
        return getattr(self.view, "permission", None)


def routes(resolver=None, namespace: str | None = None, prefix: str = "") -> Iterator[Route]:
    """Every named address of the site but the API and Django's admin."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(NOT_OURS):
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from routes(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(name, pattern.callback, tuple(sorted(pattern.pattern.regex.groupindex)))


def staff_routes() -> list[Route]:
    return [route for route in routes() if route.permission not in (PUBLIC, None)]


def test_every_view_declares_who_may_open_it():
    undeclared = [
        route.name
        for route in routes()
        if route.permission not in DECLARED and route.permission not in known_permissions()
    ]
    assert not undeclared, f"Views without a permission declaration (core/permissions.py): {undeclared}"
    names = {route.name for route in staff_routes()}
    assert {"bip:item_action", "registers:complaint_detail", "isms:asset_detail", "core:home"} <= names
    assert "bip_public:home" not in names  # the residents' pages are declared public


def test_the_check_sees_a_view_without_a_declaration():
    def undeclared(request):
        raise AssertionError("never called")

    assert Route("x:y", undeclared, ()).permission is None


# --- The records the addresses are about ------------------------------------------------------------


def _first(model, **lookup):
    obj = model.objects.filter(**lookup).order_by("pk").first()
    assert obj is not None, f"The small demo office has no {model.__name__} matching {lookup}"
    return obj


def _pdf():
    from magistrat.core.uploads import CheckedFile

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return CheckedFile("plan.pdf", "pdf", "application/pdf", len(pdf), "0" * 64, pdf)


def _attachment(item):
    """An attachment of a draft item (the demo's attachments are on published items)."""
    from magistrat.bip import services

    return services.attachment_add(item=item, file=_pdf(), title="Plan")


def _draft_item():
    """A draft in the bulletin (the demo's items are published): editors work on drafts."""
    from magistrat.bip import services
    from magistrat.bip.models import Category, Item
    from magistrat.org.models import Staff, Unit

    category = Category.objects.filter(active=True).order_by("pk").first()
    return services.item_save(
        item=Item(
            category=category,
            unit=_first(Unit, parent__isnull=False),
            slug="konsultacje-uprawnienia",
            title="Ogłoszenie o konsultacjach",
            body="<p>Treść</p>",
            produced_by="Wydział Spraw Obywatelskich",
            responsible="Naczelnik Wydziału",
            produced_on=timezone.localdate(),
            entered_by=_first(Staff).user,
        ),
        data={},
    )


def _device():
    """A kiosk of a service point of a unit (the demo's kiosks are not paired devices)."""
    from magistrat.feedback.models import ServicePoint
    from magistrat.feedback.services.devices import device_issue
    from magistrat.org.models import RoleAssignment

    point = _first(ServicePoint, unit__isnull=False)
    manager = _first(RoleAssignment, role="quality_manager").user
    return device_issue(point=point, name="Tablet przy wejściu", user=manager)[0]


def _notification():
    from magistrat.core.tasks import notify
    from magistrat.org.models import Staff

    return notify(user=_first(Staff).user, title="Nowa skarga", email=False)


def _released_document():
    """A document released with an open request for public information."""
    from magistrat.registers.models import InfoRequest
    from magistrat.registers.services import info_request_document_add

    request = _first(InfoRequest, unit__isnull=False, closed_at__isnull=True)
    return info_request_document_add(request=request, file=_pdf())


def _world() -> dict[str, object]:
    """One record of each kind from the demo office, chosen so the address's actions apply."""
    from magistrat.core.models import AuditEntry
    from magistrat.feedback.models import Response, Survey
    from magistrat.isms.clocks import required_reports
    from magistrat.isms.models import (
        AppliedControl,
        Asset,
        Catalogue,
        ControlCheck,
        DataSubjectRequest,
        Evidence,
        EvidenceRevision,
        Incident,
        IncidentEntry,
        ProcessingActivity,
        RiskAssessment,
        RiskMatrix,
        RiskScenario,
        SoaVersion,
        TreatmentTask,
    )
    from magistrat.org.models import Position, RoleAssignment, Unit
    from magistrat.registers.models import Complaint, Petition
    from magistrat.services.models import Service

    assignment = _first(RoleAssignment, unit__isnull=False)
    incident = next(i for i in Incident.objects.order_by("pk") if required_reports(i))
    document = _released_document()
    soa = _first(SoaVersion, state=SoaVersion.State.DRAFT)  # entries are edited in a draft
    draft = _draft_item()
    device = _device()
    return {
        "audit_entry": _first(AuditEntry),
        "notification": _notification(),
        "unit": _first(Unit, parent__isnull=False),
        "staff": assignment.user.staff,
        "assignment": assignment,
        "position": _first(Position),
        "complaint": _first(Complaint, unit__isnull=False, closed_at__isnull=True),
        "request": document.request,
        "document": document,
        "petition": _first(Petition, unit__isnull=False, closed_at__isnull=True),
        "point": device.point,
        "device": device,
        "survey": _first(Survey),
        "response": _first(Response),
        "service": _first(Service, unit__isnull=False),
        "catalogue": _first(Catalogue),
        "matrix": _first(RiskMatrix),
        "asset": _first(Asset),
        "assessment": _first(RiskAssessment),
        "risk": _first(RiskScenario),
        "task": _first(TreatmentTask),
        "control": _first(AppliedControl),
        "evidence": _first(Evidence),
        "revision": _first(EvidenceRevision),
        "check": _first(ControlCheck),
        "soa": soa,
        "soa_entry": soa.entries.order_by("pk").first(),
        "incident": incident,
        "report_kind": required_reports(incident)[0],
        "incident_action": _first(IncidentEntry, kind=IncidentEntry.Kind.ACTION),
        "activity": _first(ProcessingActivity),
        "dsr": _first(DataSubjectRequest, closed_at__isnull=True),
        "item": draft,
        "attachment": _attachment(draft),
    }


# Address → (its parameters, the record it is about) from the world above. A unit-scoped
# permission refuses the other unit's user for that record; None: not a record of a unit.
OBJECTS: dict[str, Callable[[dict], tuple[dict, object]]] = {
    "core:audit_detail": lambda w: ({"pk": w["audit_entry"].pk}, None),
    "core:notification_read": lambda w: ({"pk": w["notification"].pk}, None),
    "org:unit_detail": lambda w: ({"code": w["unit"].code}, w["unit"]),
    "org:unit_edit": lambda w: ({"code": w["unit"].code}, w["unit"]),
    "org:unit_set_head": lambda w: ({"code": w["unit"].code}, w["unit"]),
    "org:staff_import_template": lambda w: ({"kind": "staff", "fmt": "xlsx"}, None),
    "org:staff_detail": lambda w: ({"pk": w["staff"].pk}, w["staff"]),
    "org:staff_edit": lambda w: ({"pk": w["staff"].pk}, w["staff"]),
    "org:staff_set_active": lambda w: ({"pk": w["staff"].pk}, w["staff"]),
    "org:staff_security": lambda w: ({"pk": w["staff"].pk}, w["staff"]),
    "org:role_grant": lambda w: ({"pk": w["staff"].pk}, w["staff"]),
    "org:role_revoke": lambda w: ({"pk": w["staff"].pk, "assignment_id": w["assignment"].pk}, w["staff"]),
    "org:position_edit": lambda w: ({"pk": w["position"].pk}, None),
    "registers:complaint_detail": lambda w: ({"pk": w["complaint"].pk}, w["complaint"]),
    "registers:complaint_action": lambda w: ({"pk": w["complaint"].pk, "action": "extend"}, w["complaint"]),
    "registers:request_detail": lambda w: ({"pk": w["request"].pk}, w["request"]),
    "registers:request_document": lambda w: (
        {"pk": w["request"].pk, "document_pk": w["document"].pk},
        w["request"],
    ),
    "registers:request_action": lambda w: ({"pk": w["request"].pk, "action": "extend"}, w["request"]),
    "registers:petition_summary": lambda w: ({"year": timezone.localdate().year}, None),
    "registers:petition_detail": lambda w: ({"pk": w["petition"].pk}, w["petition"]),
    "registers:petition_action": lambda w: ({"pk": w["petition"].pk, "action": "extend"}, w["petition"]),
    "feedback:point_detail": lambda w: ({"code": w["point"].code}, w["point"]),
    "feedback:point_edit": lambda w: ({"code": w["point"].code}, w["point"]),
    "feedback:point_sheet": lambda w: ({"code": w["point"].code}, w["point"]),
    "feedback:device_issue": lambda w: ({"code": w["point"].code}, w["point"]),
    "feedback:device_pair": lambda w: ({"code": w["point"].code}, w["point"]),
    "feedback:device_revoke": lambda w: (
        {"code": w["device"].point.code, "pk": w["device"].pk},
        w["device"].point,
    ),
    "feedback:survey_detail": lambda w: ({"slug": w["survey"].slug}, None),
    "feedback:survey_edit": lambda w: ({"slug": w["survey"].slug}, None),
    "feedback:response_exclude": lambda w: ({"pk": w["response"].pk}, w["response"].point),
    "services:service_edit": lambda w: ({"slug": w["service"].slug}, w["service"]),
    "services:service_history": lambda w: ({"slug": w["service"].slug}, w["service"]),
    "isms:catalogue_detail": lambda w: (
        {"code": w["catalogue"].code, "version": w["catalogue"].version},
        None,
    ),
    "isms:matrix_detail": lambda w: ({"code": w["matrix"].code, "version": w["matrix"].version}, None),
    "isms:asset_detail": lambda w: ({"pk": w["asset"].pk}, w["asset"]),
    "isms:asset_edit": lambda w: ({"pk": w["asset"].pk}, w["asset"]),
    "isms:asset_review": lambda w: ({"pk": w["asset"].pk}, w["asset"]),
    "isms:assessment_detail": lambda w: ({"pk": w["assessment"].pk}, None),
    "isms:risk_create": lambda w: ({"assessment_pk": w["assessment"].pk}, None),
    "isms:risk_detail": lambda w: ({"pk": w["risk"].pk}, w["risk"]),
    "isms:risk_edit": lambda w: ({"pk": w["risk"].pk}, w["risk"]),
    "isms:risk_sign_off": lambda w: ({"pk": w["risk"].pk}, w["risk"]),
    "isms:task_create": lambda w: ({"risk_pk": w["risk"].pk}, w["risk"]),
    "isms:task_edit": lambda w: ({"pk": w["task"].pk}, w["task"]),
    "isms:task_done": lambda w: ({"pk": w["task"].pk}, w["task"]),
    "isms:control_detail": lambda w: ({"pk": w["control"].pk}, w["control"]),
    "isms:control_edit": lambda w: ({"pk": w["control"].pk}, w["control"]),
    "isms:evidence_create": lambda w: ({"pk": w["control"].pk}, w["control"]),
    "isms:check_create": lambda w: ({"pk": w["control"].pk}, w["control"]),
    "isms:evidence_upload": lambda w: ({"pk": w["evidence"].pk}, w["evidence"]),
    "isms:evidence_download": lambda w: ({"pk": w["revision"].pk}, w["revision"].evidence),
    "isms:check_result": lambda w: ({"pk": w["check"].pk}, w["check"]),
    "isms:soa_detail": lambda w: ({"number": w["soa"].number}, None),
    "isms:soa_entry": lambda w: ({"number": w["soa"].number, "pk": w["soa_entry"].pk}, None),
    "isms:soa_export": lambda w: ({"number": w["soa"].number, "fmt": "xlsx"}, None),
    "isms:soa_action": lambda w: ({"number": w["soa"].number, "action": "submit"}, None),
    "isms:incident_detail": lambda w: ({"pk": w["incident"].pk}, w["incident"]),
    "isms:incident_edit": lambda w: ({"pk": w["incident"].pk}, w["incident"]),
    "isms:incident_report_draft": lambda w: (
        {"pk": w["incident"].pk, "kind": w["report_kind"]},
        w["incident"],
    ),
    "isms:incident_action": lambda w: ({"pk": w["incident"].pk, "action": "entry"}, w["incident"]),
    "isms:incident_action_done": lambda w: ({"pk": w["incident_action"].pk}, w["incident_action"]),
    "isms:activity_detail": lambda w: ({"pk": w["activity"].pk}, None),
    "isms:activity_edit": lambda w: ({"pk": w["activity"].pk}, None),
    "isms:dsr_detail": lambda w: ({"pk": w["dsr"].pk}, w["dsr"]),
    "isms:dsr_action": lambda w: ({"pk": w["dsr"].pk, "action": "extend"}, w["dsr"]),
    "bip:item_detail": lambda w: ({"pk": w["item"].pk}, w["item"]),
    "bip:item_edit": lambda w: ({"pk": w["item"].pk}, w["item"]),
    "bip:attachment_add": lambda w: ({"pk": w["item"].pk}, w["item"]),
    "bip:attachment_remove": lambda w: ({"pk": w["attachment"].pk}, w["attachment"]),
    "bip:item_return": lambda w: ({"pk": w["item"].pk}, w["item"]),
    "bip:item_action": lambda w: ({"pk": w["item"].pk, "action": "submit"}, w["item"]),
}


def _app_objects(world: dict) -> dict[str, tuple[dict, object]]:
    """The entries newer apps keep beside their own tests (`tests/<app>/url_objects.py`)."""
    import importlib
    from pathlib import Path

    entries: dict[str, tuple[dict, object]] = {}
    for path in sorted(Path(__file__).parent.parent.glob("*/url_objects.py")):
        entries |= importlib.import_module(f"tests.{path.parent.name}.url_objects").objects(world)
    return entries


# --- Requests ---------------------------------------------------------------------------------------


def _unit_and_other(obj) -> tuple[object, object]:
    """The unit to grant the allowed user's role for (None: office-wide), and a unit that neither
    holds nor contains the object, for the other unit's user."""
    from magistrat.org.models import Unit

    unit_id = object_unit_id(obj) if obj is not None else None
    unit = Unit.objects.get(pk=unit_id) if unit_id is not None else None
    related = {*(u.pk for u in unit.ancestors()), *Unit.objects.subtree_ids([unit.pk])} if unit else set()
    other = Unit.objects.exclude(pk__in=related).filter(parent__isnull=False).order_by("pk").first()
    return unit, other


def _request(client, url: str, user) -> tuple[int, str]:
    """(status, where it redirects) for `user` (None: anonymous) opening `url` the way the page is
    used: GET, or POST where GET is not allowed. Rolled back: nothing it does stays."""
    with transaction.atomic():
        client.logout()
        if user is not None:
            verified_login(client, user)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        transaction.set_rollback(True)
    return response.status_code, response.get("Location", "")


def _sent_to_sign_in(answer: tuple[int, str]) -> bool:
    status, location = answer
    return status == 302 and location.startswith(reverse("core:login"))


def _admitted(answer: tuple[int, str]) -> bool:
    status, location = answer
    return status not in REFUSED and not _sent_to_sign_in(answer) and not location.startswith("/login/2fa")


def _member(unit, role: str | None = None, scope=None):
    from magistrat.org.models import Unit

    staff = StaffFactory(unit=unit or Unit.objects.order_by("pk").first())
    if role:
        grant(staff.user, role, scope)
    return staff.user


def _candidate_roles(perm: str) -> list[str]:
    """Roles granting `perm`, the narrowest first (the administrator, who holds everything, last)."""
    granting = [code for code, role in roles().items() if role.grants(perm)]
    return sorted(granting, key=lambda code: (code == "administrator", len(roles()[code].permissions)))


def _check(client, route: Route, url: str, obj) -> list[str]:
    """What is wrong with one address, as readable lines (empty when all four users are right)."""
    problems = []
    anonymous = _request(client, url, None)
    if not _sent_to_sign_in(anonymous):
        problems.append(f"anonymous got {anonymous}, not the sign-in page")
    unit, other_unit = _unit_and_other(obj)
    nobody = _request(client, url, _member(unit))
    if route.permission == SIGNED_IN:
        if not _admitted(nobody) and nobody[0] != 404:  # 404: someone else's notification
            problems.append(f"a signed-in user got {nobody}")
        return problems
    if nobody[0] not in REFUSED:
        problems.append(f"a user without the role got {nobody}")
    perm = route.permission
    scoped = known_permissions()[perm].get("scoped", False)
    # A scoped permission for a record without a unit belongs to its office-wide holders.
    scope = unit if scoped else None
    admitted_as = None
    tried = []
    for role in _candidate_roles(perm):
        answer = _request(client, url, _member(unit, role, scope))
        tried.append(f"{role}: {answer}")
        if _admitted(answer):
            admitted_as = role
            break
    if admitted_as is None:
        return [*problems, f"no role granting {perm} was admitted ({'; '.join(tried)})"]
    other = _request(client, url, _member(other_unit, admitted_as, other_unit))
    if scoped and obj is not None:
        if other[0] not in REFUSED:
            problems.append(f"{admitted_as} of another unit got {other} for a record of {unit}")
    elif not _admitted(other):
        problems.append(f"{admitted_as} of another unit got {other} ({perm} is not narrowed to units here)")
    return problems


def test_every_staff_address_admits_the_allowed_and_refuses_the_rest(client):
    world = _world()
    entries = {name: lambda w, entry=entry: entry for name, entry in _app_objects(world).items()} | OBJECTS
    found: dict[str, list[str]] = {}
    checked = 0
    for route in staff_routes():
        if route.name == "core:logout":
            continue
        if route.parameters:
            if route.name not in entries:
                found[route.name] = [
                    f"no entry in OBJECTS or url_objects.py for its parameters {route.parameters}"
                ]
                continue
            kwargs, obj = entries[route.name](world)
        else:
            kwargs, obj = None, None
        problems = _check(client, route, reverse(route.name, kwargs=kwargs), obj)
        checked += 1
        if problems:
            found[route.name] = problems
    assert checked >= 130  # every staff address of the site was requested, not a few
    assert not found, "\n".join(f"{name}: {'; '.join(lines)}" for name, lines in sorted(found.items()))


def test_public_pages_open_without_signing_in(client):
    """The residents' pages without parameters open for an anonymous visitor (no sign-in, no 403)."""
    opened = 0
    for route in routes():
        if route.permission != PUBLIC or route.parameters or route.name in {"core:logout", "kiosk_pair"}:
            continue
        answer = _request(client, reverse(route.name), None)
        assert answer[0] < 400 and not _sent_to_sign_in(answer), (route.name, answer)
        opened += 1
    assert opened >= 20
