"""Applied controls: evidence files in revisions (checked uploads), recurring checks, owners."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from magistrat.core.deadlines import add_months
from magistrat.core.exceptions import ServiceError
from magistrat.isms.models import CheckResult, ControlCheck, Evidence
from magistrat.isms.services import controls as services
from tests.isms.conftest import annex_control, make_control

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_owner_uploads_evidence_revisions_and_others_cannot(client, owner, other_user):
    control = make_control(owner)
    client.force_login(owner)
    url = reverse("isms:evidence_create", args=[control.pk])
    response = client.post(
        url,
        {
            "title": "Raport z testu odtworzenia",
            "review_every_months": 6,
            "file": SimpleUploadedFile("raport.pdf", PDF),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    client.post(
        reverse("isms:evidence_upload", args=[evidence.pk]),
        {"file": SimpleUploadedFile("raport2.pdf", PDF + b" ")},
    )
    assert list(evidence.revisions.values_list("number", flat=True)) == [1, 2]
    assert evidence.review_due == add_months(timezone.localdate(), 6)
    download = client.get(reverse("isms:evidence_download", args=[evidence.latest().pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(other_user)
    assert client.get(reverse("isms:evidence_download", args=[evidence.latest().pk])).status_code == 404
    assert client.post(url, {"title": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("raport.pdf", b"MZ\x90\x00\x03 this is a program"),
        ("zdjecie.png", b"%PDF-1.4 a pdf pretending to be png"),
        ("skrypt.exe", b"MZ\x90\x00"),
        ("pusty.pdf", b""),
    ],
)
def test_disguised_or_unwanted_files_are_refused(client, owner, name, content):
    control = make_control(owner)
    client.force_login(owner)
    response = client.post(
        reverse("isms:evidence_create", args=[control.pk]),
        {"title": "Dowód", "review_every_months": 12, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert Evidence.objects.count() == 0


def test_oversized_file_is_refused(client, owner, settings):
    settings.MAGISTRAT_UPLOAD_MAX_BYTES = 1024
    control = make_control(owner)
    client.force_login(owner)
    response = client.post(
        reverse("isms:evidence_create", args=[control.pk]),
        {
            "title": "Duży",
            "review_every_months": 12,
            "file": SimpleUploadedFile("duzy.pdf", PDF + b"0" * 2048),
        },
    )
    assert response.status_code == 400 and Evidence.objects.count() == 0


def test_check_results_move_the_next_due_date(owner):
    control = make_control(owner)
    check = services.check_save(
        check=ControlCheck(
            control=control, title="Test odtworzenia kopii", every_months=3, next_due=timezone.localdate()
        )
    )
    with pytest.raises(ServiceError, match="Describe"):
        services.check_result_record(
            check=check, performed_on=timezone.localdate(), outcome="failed", by=owner
        )
    with pytest.raises(ServiceError, match="future"):
        services.check_result_record(
            check=check, performed_on=timezone.localdate() + timedelta(days=1), outcome="passed", by=owner
        )
    services.check_result_record(check=check, performed_on=timezone.localdate(), outcome="passed", by=owner)
    check.refresh_from_db()
    assert check.next_due > timezone.localdate() + timedelta(days=85)
    assert CheckResult.objects.count() == 1


def test_control_reference_must_be_a_control(owner):
    control = make_control(owner)
    control.reference = annex_control("A.5.1").catalogue.entries.get(ref="6.1.3")
    with pytest.raises(ServiceError):
        services.control_save(control=control)


def test_control_pages(officer_client, client, owner, clerk, leader):
    control = make_control(owner)
    for url in [
        reverse("isms:control_list"),
        reverse("isms:control_detail", args=[control.pk]),
        reverse("isms:control_edit", args=[control.pk]),
        reverse("isms:control_create"),
        reverse("isms:check_create", args=[control.pk]),
        reverse("isms:mine"),
    ]:
        assert officer_client.get(url).status_code == 200, url
    client.force_login(leader)
    assert client.get(reverse("isms:control_list")).status_code == 200
    assert client.get(reverse("isms:control_edit", args=[control.pk])).status_code == 403
    client.force_login(clerk.user)
    assert client.get(reverse("isms:control_list")).status_code == 403
    client.force_login(owner)
    assert client.get(reverse("isms:mine")).status_code == 200
    assert client.get(reverse("isms:control_detail", args=[control.pk])).status_code == 200


def test_evidence_due_for_review_reaches_the_control_owner(owner, other_user):
    from magistrat.core.attention import attention_for
    from magistrat.core.uploads import CheckedFile

    control = make_control(owner)
    evidence = services.evidence_save(
        evidence=Evidence(
            control=control, title="Certyfikat dostawcy", expires_on=timezone.localdate() + timedelta(days=3)
        ),
        user=owner,
    )
    services.evidence_upload(
        evidence=evidence,
        file=CheckedFile("c.pdf", "pdf", "application/pdf", len(PDF), "0" * 64, PDF),
        by=owner,
    )
    assert any("Certyfikat dostawcy" in item.title for item in attention_for(owner))
    assert not any("Certyfikat dostawcy" in item.title for item in attention_for(other_user))
