"""Documented information's pages with three users: the allowed, another unit's, and one without
the role; uploads are checked, files are served only to those entitled, refusals save nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from magistrat.core.models import AuditEntry
from magistrat.quality.models import Acknowledgement, DocumentVersion
from magistrat.quality.services import documents as docs
from tests.conftest import verified_login
from tests.factories import StaffFactory

from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """The pages in English (the language switch's cookie), whatever the Polish catalogue holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_document_page_for_the_manager_the_head_the_addressee_and_others(
    client, current_document, quality, fn_head, sa_head, clerk, auditor, units
):
    document, _version = current_document()
    url = reverse("quality:document_detail", args=[document.pk])
    assert verified_login(client, quality).get(url).status_code == 200
    assert verified_login(client, fn_head.user).get(url).status_code == 200  # the unit's head
    assert verified_login(client, auditor.user).get(url).status_code == 200  # auditors read
    assert verified_login(client, sa_head.user).get(url).status_code == 404  # another unit's head
    assert verified_login(client, clerk.user).get(url).status_code == 404  # not addressed, no role
    reader = StaffFactory(unit=units["FN"]).user  # addressed through the unit, no role
    client.force_login(reader)
    page = client.get(url)
    assert page.status_code == 200 and "read and understood" in page.content.decode()
    assert client.get(reverse("quality:document_list")).status_code == 403


def test_the_register_is_scoped_filtered_and_exported(client, current_document, fn_head, sa_head, quality):
    current_document("P-04", "FN")
    current_document("P-07", "SA")
    page = verified_login(client, fn_head.user).get(reverse("quality:document_list")).content.decode()
    assert "P-04" in page and "P-07" not in page
    page = verified_login(client, quality).get(reverse("quality:document_list") + "?unit=SA").content.decode()
    assert "P-07" in page and "P-04" not in page
    response = client.get(reverse("quality:document_export") + "?format=csv&kind=procedure")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "procedure" in text and "FN Wydział Finansowy" in text
    response = client.get(reverse("quality:document_export") + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEntry.objects.filter(action="quality.document.exported").count() == 2


def test_the_owner_uploads_a_version_and_a_disguised_file_is_refused(client, make_document, owner, sa_head):
    document = make_document()
    url = reverse("quality:version_create", args=[document.pk])
    assert verified_login(client, sa_head.user).get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200
    disguised = SimpleUploadedFile("procedure.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")
    response = client.post(url, {"file": disguised})
    assert response.status_code == 400 and "is not a PDF file" in response.content.decode()
    assert not DocumentVersion.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("procedure.pdf", PDF), "change_note": "First"})
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.author == owner and version.state == "draft" and version.sha256


def test_submit_and_approval_through_the_page_refuse_ones_own_and_an_early_date(
    client, make_document, owner, quality, today
):
    document = make_document()
    version = docs.version_draft(document=document, by=owner, file=pdf())
    client.force_login(owner)
    client.post(reverse("quality:version_step", args=[version.pk, "submit"]))
    version.refresh_from_db()
    assert version.state == "submitted"
    approve = reverse("quality:version_step", args=[version.pk, "approve"])
    page = client.post(approve, {"effective_on": today}, follow=True).content.decode()
    assert "someone else must approve" in page
    client = verified_login(client, quality)
    page = client.post(approve, {"effective_on": today - timedelta(days=3)}, follow=True).content.decode()
    assert "cannot take effect before it is approved" in page
    version.refresh_from_db()
    assert version.state == "submitted"
    client.post(approve, {"effective_on": today, "note": "Fine"})
    version.refresh_from_db()
    assert version.state == "current" and version.approved_by == quality
    assert client.post(reverse("quality:version_step", args=[version.pk, "nonsense"])).status_code == 404


def test_files_are_served_only_to_those_entitled(
    client, current_document, units, sa_head, clerk, owner, quality
):
    document, first = current_document()
    url = reverse("quality:version_download", args=[first.pk])
    reader = StaffFactory(unit=units["FN"]).user
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert verified_login(client, sa_head.user).get(url).status_code == 404
    client.force_login(clerk.user)
    assert client.get(url).status_code == 404
    draft = docs.version_draft(document=document, by=owner, file=pdf("v2.pdf"))
    client.force_login(reader)
    assert client.get(reverse("quality:version_download", args=[draft.pk])).status_code == 404  # not current
    assert AuditEntry.objects.filter(action="quality.document.downloaded").count() == 1


def test_a_member_of_staff_acknowledges_from_my_documents(client, current_document, units, quality, today):
    document, first = current_document()
    reader = StaffFactory(unit=units["FN"]).user
    client.force_login(reader)
    assert "Control of documents" in client.get(reverse("core:home")).content.decode()  # attention
    page = client.get(reverse("quality:document_mine")).content.decode()
    assert "P-04" in page and "Nothing to acknowledge" not in page
    response = client.post(reverse("quality:version_acknowledge", args=[first.pk]), {"next": "mine"})
    assert response.status_code == 302 and response["Location"] == reverse("quality:document_mine")
    assert Acknowledgement.objects.get().user == reader
    assert "Nothing to acknowledge" in client.get(reverse("quality:document_mine")).content.decode()
    second = docs.version_draft(document=document, by=quality, file=pdf("v2.pdf"))
    docs.version_submit(version=second, by=quality)
    docs.version_approve(version=second, by=document.owner, effective_on=today)
    page = client.post(reverse("quality:version_acknowledge", args=[first.pk]), follow=True).content.decode()
    assert Acknowledgement.objects.count() == 1  # the superseded version is no longer open to them
    assert "P-04" in client.get(reverse("quality:document_mine")).content.decode()


def test_my_documents_shows_the_latest_acknowledgements_and_all_on_asking(
    client, current_document, units, monkeypatch
):
    document, first = current_document()
    reader = StaffFactory(unit=units["FN"]).user
    client.force_login(reader)
    client.post(reverse("quality:version_acknowledge", args=[first.pk]))
    monkeypatch.setattr("magistrat.quality.views.documents.MINE_DONE_SHOWN", 0)
    page = client.get(reverse("quality:document_mine")).content.decode()
    assert "The latest 0 of 1 acknowledgement." in page and "P-04" not in page
    assert "P-04" in client.get(reverse("quality:document_mine") + "?done=all").content.decode()


def test_acknowledging_a_superseded_version_through_the_page_is_refused(
    client, current_document, quality, owner, today, fn_head
):
    document, first = current_document()
    second = docs.version_draft(document=document, by=owner, file=pdf("v2.pdf"))
    docs.version_submit(version=second, by=owner)
    docs.version_approve(version=second, by=quality, effective_on=today)
    client = verified_login(client, fn_head.user)  # the head reads every version of the unit's documents
    page = client.post(reverse("quality:version_acknowledge", args=[first.pk]), follow=True).content.decode()
    assert "This version is superseded" in page
    assert not Acknowledgement.objects.filter(version=first).exists()


def test_acknowledgement_status_for_heads_and_the_quality_manager(
    client, current_document, units, fn_head, sa_head, quality, clerk
):
    current_document()
    StaffFactory(unit=units["FN"], user__last_name="Zielińska")
    page = verified_login(client, fn_head.user).get(reverse("quality:ack_status")).content.decode()
    assert "Zielińska" in page
    page = verified_login(client, sa_head.user).get(reverse("quality:ack_status")).content.decode()
    assert "Zielińska" not in page
    client = verified_login(client, quality)
    page = client.get(reverse("quality:ack_status") + "?outstanding=1&document=P-04").content.decode()
    assert "Zielińska" in page
    response = client.get(reverse("quality:ack_export") + "?format=csv")
    text = response.content.decode("utf-8-sig")
    assert "Zielińska" in text and "to acknowledge" in text
    response = client.get(reverse("quality:ack_export") + "?format=xlsx")
    assert response.status_code == 200
    client.force_login(clerk.user)
    assert client.get(reverse("quality:ack_status")).status_code == 403


def test_heads_see_overdue_acknowledgements_on_their_home_page(
    client, current_document, units, fn_head, today
):
    document, version = current_document()
    DocumentVersion.objects.filter(pk=version.pk).update(effective_on=today - timedelta(days=40))
    page = verified_login(client, fn_head.user).get(reverse("core:home")).content.decode()
    assert "acknowledgement" in page and "overdue" in page


def test_distribution_and_review_by_the_owner_only(client, current_document, owner, sa_head, units):
    document, _version = current_document()
    add = reverse("quality:distribution_add", args=[document.pk])
    assert verified_login(client, sa_head.user).post(add, {"unit": units["SA"].pk}).status_code == 404
    client.force_login(owner)
    client.post(add, {"unit": units["SA"].pk})
    distribution = document.distribution.get(unit=units["SA"])
    page = client.post(add, {"unit": units["SA"].pk, "position": ""}, follow=True).content.decode()
    assert "already addressed" in page
    client.post(reverse("quality:distribution_remove", args=[distribution.pk]))
    assert not document.distribution.filter(unit=units["SA"]).exists()
    client.post(reverse("quality:document_reviewed", args=[document.pk]), {"note": "Still fine"})
    assert AuditEntry.objects.filter(action="quality.document.reviewed").exists()


def test_the_quality_manager_registers_a_document(client, quality, owner, units, fn_head):
    url = reverse("quality:document_create")
    data = {
        "number": "I-01",
        "title": "Instruction",
        "kind": "instruction",
        "owner": owner.pk,
        "unit": units["FN"].pk,
        "jrwa_symbol": "0121",
        "archive_category": "B5",
        "review_every_months": 24,
    }
    assert verified_login(client, fn_head.user).get(url).status_code == 403
    client = verified_login(client, quality)
    assert client.post(url, data | {"archive_category": "X"}).status_code == 400
    response = client.post(url, data)
    assert response.status_code == 302 and "versions/new" in response["Location"]
