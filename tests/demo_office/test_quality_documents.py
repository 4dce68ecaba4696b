"""The demo office's documented information, made through the services (its seeding time is measured
by bench/demo_seed.py, not here: a timed test fails on a busy machine)."""

import pytest

from magistrat.core.models import AuditEntry
from magistrat.quality.models import Acknowledgement, Document, DocumentVersion, ExternalDocument, MayorOrder

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # they read English text


def test_the_small_demo_has_documents_versions_acknowledgements_and_orders(client):
    from django.urls import reverse

    from magistrat.org.models import RoleAssignment
    from magistrat.quality import document_selectors
    from tests.conftest import verified_login

    assert 5 <= Document.objects.count() <= 8
    states = set(DocumentVersion.objects.values_list("state", flat=True))
    assert {"current", "superseded", "submitted"} <= states
    assert MayorOrder.objects.filter(repealed_by__isnull=False).exists() and ExternalDocument.objects.exists()
    ack = AuditEntry.objects.filter(action="quality.document.acknowledged").first()
    assert ack.actor_id == Acknowledgement.objects.get(pk=ack.object_id).user_id  # acknowledged as themselves
    manager = RoleAssignment.objects.filter(role="quality_manager").first().user
    assert document_selectors.overdue_acknowledgements(user=manager) > 0  # some are overdue
    client = verified_login(client, manager)
    for document in Document.objects.all():
        assert client.get(reverse("quality:document_detail", args=[document.pk])).status_code == 200
    for name in (
        "quality:document_list",
        "quality:ack_status",
        "quality:order_list",
        "quality:external_list",
    ):
        assert client.get(reverse(name)).status_code == 200, name
