"""The newsroom's records for tests/demo_office/test_url_permissions.py, made through the services (the demo
office's newsroom provides the published items, a delivery and a crisis template)."""


def objects(world) -> dict[str, tuple[dict, object]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from magistrat.comms.models import CrisisTemplate, Delivery, NewsItem
    from magistrat.comms.services import news as services
    from magistrat.org.models import RoleAssignment

    grant = RoleAssignment.objects.filter(role="communications_editor").order_by("pk").first()
    editor, unit = grant.user, grant.unit
    draft = services.news_save(
        news=NewsItem(title="Draft for the permission test", lead="A lead.", unit=unit), by=editor
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    image = services.image_add(
        news=draft, by=editor, upload=SimpleUploadedFile("p.png", png), alt_text="A map"
    )
    published = (
        NewsItem.objects.filter(state=NewsItem.State.PUBLISHED, is_crisis=False).order_by("-pk").first()
    )
    crisis = NewsItem.objects.filter(is_crisis=True).order_by("pk").first()
    delivery = Delivery.objects.filter(news=published).order_by("pk").first()
    template = CrisisTemplate.objects.filter(approved_by__isnull=False).order_by("pk").first()
    return {
        "comms:news_detail": ({"pk": published.pk}, published),
        "comms:news_edit": ({"pk": draft.pk}, draft),
        "comms:image_add": ({"pk": draft.pk}, draft),
        "comms:news_submit": ({"pk": draft.pk}, draft),
        "comms:news_approve": ({"pk": draft.pk}, draft),
        "comms:news_publish": ({"pk": draft.pk}, draft),
        "comms:news_return": ({"pk": draft.pk}, draft),
        "comms:news_withdraw": ({"pk": published.pk}, published),
        "comms:news_confirm": ({"pk": crisis.pk}, crisis),
        "comms:image_file": ({"pk": image.pk}, draft),
        "comms:image_remove": ({"pk": image.pk}, draft),
        "comms:delivery_retry": ({"pk": delivery.pk}, delivery),
        "comms:delivery_withdraw": ({"pk": delivery.pk}, delivery),
        "comms:template_edit": ({"pk": template.pk}, template),
        "comms:template_approve": ({"pk": template.pk}, template),
        "comms:template_send": ({"pk": template.pk}, template),
    }
