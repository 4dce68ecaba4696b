"""The audits pages' records for tests/demo_office/test_url_permissions.py, made through the
services: an audit of the demo programme in progress (with a finding), planned by the quality manager."""


def objects(world) -> dict[str, tuple[dict, object]]:
    from magistrat.audits.models import Audit, Auditor, Finding

    audit = Audit.objects.filter(state=Audit.State.IN_PROGRESS).order_by("pk").first()
    finding = Finding.objects.filter(audit=audit).order_by("pk").first()
    item = audit.checklist.order_by("pk").first()
    auditor = Auditor.objects.order_by("pk").first()
    entry = audit.programme.entries.order_by("pk").first()
    year = {"year": audit.programme.year}
    return {
        "audits:programme": (year, None),
        "audits:entry_add": (year, None),
        "audits:entry_remove": (year | {"pk": entry.pk}, None),
        "audits:programme_approve": (year, None),
        "audits:audit_plan": (year, None),
        "audits:auditor_detail": ({"pk": auditor.pk}, None),
        "audits:finding_detail": ({"pk": finding.pk}, finding),
        "audits:finding_edit": ({"pk": finding.pk}, finding),
        "audits:checklist_answer": ({"pk": item.pk}, item),
        "audits:audit_detail": ({"pk": audit.pk}, audit),
        "audits:audit_team": ({"pk": audit.pk}, audit),
        "audits:audit_start": ({"pk": audit.pk}, audit),
        "audits:finding_add": ({"pk": audit.pk}, audit),
        "audits:audit_report": ({"pk": audit.pk}, audit),
        "audits:audit_acknowledge": ({"pk": audit.pk}, audit),
        "audits:audit_close": ({"pk": audit.pk}, audit),
        "audits:audit_pdf": ({"pk": _reported().pk}, _reported()),
    }


def _reported():
    from magistrat.audits.models import Audit

    return Audit.objects.filter(state=Audit.State.REPORTED).order_by("pk").first()
