"""The quality pages' records for tests/demo_office/test_url_permissions.py, made through the services."""

from datetime import timedelta

from django.utils import timezone


def objects(world) -> dict[str, tuple[dict, object]]:
    from magistrat.core.deadlines import next_working_day
    from magistrat.org.models import RoleAssignment, Staff, Unit
    from magistrat.quality.services import nonconformities as ncs

    manager = RoleAssignment.objects.filter(role="quality_manager").order_by("pk").first().user
    unit = Unit.objects.filter(parent__isnull=False).order_by("pk").first()
    owner = Staff.objects.exclude(user=manager).order_by("pk").first().user
    today = timezone.localdate()
    nc = ncs.nc_raise(
        by=manager,
        source_code="staff_report",
        title="Wrong form handed out",
        description="The old form was handed out at the desk.",
        unit=unit,
        detected_on=today,
    )
    ncs.nc_analyse(nc=nc, by=manager, root_cause="The old forms were not withdrawn.")
    action = ncs.nc_action_add(
        nc=nc,
        by=manager,
        title="Withdraw the old forms",
        owner=owner,
        unit=unit,
        due_on=next_working_day(today + timedelta(days=14)),
    )
    return {
        **_documents(manager, unit, owner, today),
        **context_objects(manager, unit, owner, today),
        "quality:action_detail": ({"pk": action.pk}, action),
        "quality:action_done": ({"pk": action.pk}, action),
        "quality:action_cancel": ({"pk": action.pk}, action),
        "quality:nc_detail": ({"pk": nc.pk}, nc),
        "quality:nc_analyse": ({"pk": nc.pk}, nc),
        "quality:nc_action_add": ({"pk": nc.pk}, nc),
        "quality:nc_step": ({"pk": nc.pk, "step": "close"}, nc),
    }


def _documents(manager, unit, owner, today) -> dict[str, tuple[dict, object]]:
    """A document of `unit` owned by `owner`: version 1 current, version 2 submitted, addressed to
    one named person (so a member of the unit without a role is not an addressee)."""
    from magistrat.core.uploads import CheckedFile
    from magistrat.org.models import Staff
    from magistrat.quality.models import ExternalDocument
    from magistrat.quality.services import documents as docs
    from magistrat.quality.services import registers

    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    pdf = CheckedFile("p.pdf", "pdf", "application/pdf", len(data), "0" * 64, data)
    document = docs.document_create(
        by=manager,
        number="P-URL",
        title="Checked procedure",
        kind="procedure",
        owner=owner,
        unit=unit,
        jrwa_symbol="0121",
        archive_category="B10",
    )
    first = docs.version_draft(document=document, by=owner, file=pdf)
    docs.version_submit(version=first, by=owner)
    docs.version_approve(version=first, by=manager, effective_on=today)
    second = docs.version_draft(document=document, by=owner, file=pdf)
    docs.version_submit(version=second, by=owner)
    reader = Staff.objects.exclude(user__in=[manager, owner]).order_by("-pk").first().user
    distribution = docs.distribution_add(document=document, by=manager, person=reader)
    order = registers.order_register(
        by=manager,
        number="99/2099",
        title="Order",
        signed_on=today,
        signatory="Mayor",
        in_force_from=today,
        file=pdf,
    )
    external = registers.external_save(
        external=ExternalDocument(title="Act", issuer="Sejm", reference="Dz.U.", owner=owner, unit=unit),
        by=manager,
    )
    return {
        "quality:document_detail": ({"pk": document.pk}, document),
        "quality:version_create": ({"pk": document.pk}, document),
        "quality:distribution_add": ({"pk": document.pk}, document),
        "quality:document_reviewed": ({"pk": document.pk}, document),
        "quality:distribution_remove": ({"pk": distribution.pk}, document),
        "quality:version_download": ({"pk": first.pk}, first),
        "quality:version_acknowledge": ({"pk": first.pk}, first),
        "quality:version_step": ({"pk": second.pk, "step": "approve"}, second),
        "quality:order_detail": ({"pk": order.pk}, None),
        "quality:order_download": ({"pk": order.pk}, None),
        "quality:external_edit": ({"pk": external.pk}, external),
    }


REVIEW_PAGES = [f"quality:review_{page}" for page in ("detail", "comment", "hold", "decide", "pdf", "docx")]


def context_objects(manager, unit, owner, today) -> dict[str, tuple[dict, object]]:
    """An issue, a party, a reviewed context, a policy draft, and a risk of `unit` owned by `owner`."""
    from magistrat.quality.services import context, processes, risks

    year = today + timedelta(days=365)
    issue = context.issue_save(
        by=manager, kind="internal", category="organisational", title="Turnover", active=True, review_on=year
    )
    party = context.party_save(
        by=manager, name="Residents", requirements="On time", active=True, review_on=year
    )
    context_review = context.context_review(
        by=manager,
        scope="All services",
        climate_relevant=False,
        climate_reason="None found",
        next_review_on=year,
    )
    draft = context.policy_draft(by=manager, text="We serve.", review_on=year)
    risk = risks.risk_create(
        by=manager,
        kind="risk",
        title="Backlog",
        area="process",
        concerns="Permits",
        unit=unit,
        owner=owner,
        likelihood=3,
        impact=3,
        response="reduce",
        review_on=year,
    )
    process = processes.process_save(
        by=manager,
        code="P-77",
        name="Permits",
        category="core",
        purpose="Permits on time",
        owner=owner,
        unit=unit,
        inputs="Applications",
        outputs="Permits",
    )
    other = processes.process_save(
        by=manager,
        code="Z-77",
        name="Management",
        category="management",
        purpose="Steer",
        owner=manager,
        unit=unit,
        inputs="Data",
        outputs="Decisions",
    )
    link = processes.link_add(by=manager, source=process, target=other, flow="Reports")
    from magistrat.quality.services import reviews

    review = reviews.review_prepare(
        by=manager,
        title="Review",
        period_start=today - timedelta(days=90),
        period_end=today - timedelta(days=1),
        planned_on=today,
    )
    return {
        **{name: ({"pk": review.pk}, None) for name in REVIEW_PAGES},
        "quality:process_detail": ({"pk": process.pk}, None),
        "quality:process_edit": ({"pk": process.pk}, None),
        "quality:link_add": ({"pk": process.pk}, None),
        "quality:link_remove": ({"pk": link.pk}, None),
        "quality:issue_edit": ({"pk": issue.pk}, None),
        "quality:party_edit": ({"pk": party.pk}, None),
        "quality:context_version": ({"pk": context_review.pk}, None),
        "quality:policy_approve": ({"pk": draft.pk}, None),
        "quality:risk_detail": ({"pk": risk.pk}, risk),
        "quality:risk_change": ({"pk": risk.pk}, risk),
        "quality:risk_close": ({"pk": risk.pk}, risk),
        "quality:risk_action_add": ({"pk": risk.pk}, risk),
    }
