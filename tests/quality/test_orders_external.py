"""The mayor's orders (signed legal acts, recorded not approved) and the external documents
register: services, refusals and pages with three users."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from magistrat.core.exceptions import ServiceError
from magistrat.core.models import AuditEntry
from magistrat.quality.models import ExternalDocument, MayorOrder
from magistrat.quality.services import registers
from tests.conftest import verified_login

from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _order(by, number="12/2026", signed_on=None, **extra):
    from django.utils import timezone

    signed_on = signed_on or timezone.localdate() - timedelta(days=30)
    return registers.order_register(
        by=by,
        number=number,
        title=extra.pop("title", "w sprawie instrukcji kancelaryjnej"),
        signed_on=signed_on,
        signatory="Burmistrz Jan Kowalski",
        in_force_from=extra.pop("in_force_from", signed_on),
        **extra,
    )


def test_an_order_is_recorded_as_signed_and_repealed_by_a_later_one(quality, today):
    old = _order(quality, "3/2025", signed_on=today - timedelta(days=400))
    new = _order(quality, "12/2026", repeals=[old], file=pdf("order.pdf"), in_force_from=today)
    old.refresh_from_db()
    assert old.repealed_by == new and old.repealed_on == today and new.filename == "order.pdf"
    with pytest.raises(ServiceError, match="already been repealed"):
        registers.order_repeal(order=old, repealed_by=new, by=quality)
    with pytest.raises(ServiceError, match="only by a later order"):
        registers.order_repeal(order=new, repealed_by=old, by=quality)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"quality.order.registered", "quality.order.repealed"} <= actions


def test_an_order_in_force_before_signing_or_by_a_unit_head_is_refused(quality, fn_head, today):
    with pytest.raises(ServiceError, match="before it is signed"):
        _order(quality, signed_on=today, in_force_from=today - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        _order(fn_head.user)
    assert not MayorOrder.objects.exists()


def test_the_order_pages_for_readers_and_others(client, quality, fn_head, auditor, clerk, today):
    order = _order(quality, file=pdf("order.pdf"))
    for user in (quality, fn_head.user, auditor.user):  # every reader of quality records
        client = verified_login(client, user)
        assert client.get(reverse("quality:order_list")).status_code == 200
        assert client.get(reverse("quality:order_detail", args=[order.pk])).status_code == 200
        response = client.get(reverse("quality:order_download", args=[order.pk]))
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(clerk.user)
    assert client.get(reverse("quality:order_list")).status_code == 403
    assert client.get(reverse("quality:order_detail", args=[order.pk])).status_code == 404
    assert client.get(reverse("quality:order_download", args=[order.pk])).status_code == 404


def test_registering_an_order_through_the_page_checks_the_file(client, quality, fn_head, today):
    url = reverse("quality:order_create")
    assert verified_login(client, fn_head.user).get(url).status_code == 403
    client = verified_login(client, quality)
    data = {
        "number": "5/2026",
        "title": "w sprawie",
        "signed_on": today,
        "signatory": "Burmistrz",
        "in_force_from": today,
    }
    disguised = SimpleUploadedFile("order.pdf", b"\x00\x01binary")
    assert client.post(url, data | {"file": disguised}).status_code == 400
    assert client.post(url, data | {"in_force_from": today - timedelta(days=1)}).status_code == 400
    assert not MayorOrder.objects.exists()
    response = client.post(url, data | {"file": SimpleUploadedFile("order.pdf", PDF)})
    assert response.status_code == 302, response.context["form"].errors.as_text()
    assert MayorOrder.objects.get().sha256


def test_the_external_register_with_three_users(client, quality, owner, fn_head, sa_head, clerk, units):
    client = verified_login(client, quality)
    data = {
        "title": "Ustawa o dostępie do informacji publicznej",
        "issuer": "Sejm RP",
        "reference": "Dz.U. 2022 poz. 902",
        "owner": owner.pk,
        "unit": units["FN"].pk,
    }
    assert client.post(reverse("quality:external_create"), data).status_code == 302
    external = ExternalDocument.objects.get()
    assert AuditEntry.objects.filter(action="quality.external.registered").exists()
    assert (
        "Sejm RP"
        in verified_login(client, fn_head.user).get(reverse("quality:external_list")).content.decode()
    )
    assert (
        "Sejm RP"
        not in verified_login(client, sa_head.user).get(reverse("quality:external_list")).content.decode()
    )
    edit = reverse("quality:external_edit", args=[external.pk])
    assert client.get(edit).status_code == 404  # the other unit's head
    client.force_login(clerk.user)
    assert client.get(reverse("quality:external_list")).status_code == 403
    assert client.get(edit).status_code == 404
    client.force_login(owner)  # who tracks it keeps it up to date
    response = client.post(edit, data | {"edition": "t.j. 2022", "withdrawn": "on"})
    assert response.status_code == 302, response.context["form"].errors
    external.refresh_from_db()
    assert external.withdrawn and AuditEntry.objects.filter(action="quality.external.changed").exists()
