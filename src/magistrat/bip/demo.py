"""The demo office's bulletin (bip/data/demo_bip.yaml), written through the services: settings,
items in the statutory and typical categories, a change with its reason and diff, a removal with
its reason, withheld information, an archived item and attachments."""

import hashlib
from datetime import datetime, time, timedelta

from magistrat.bip import services
from magistrat.bip.models import BulletinSettings, Category, Item
from magistrat.core.audit import audit_context
from magistrat.core.deadlines import WARSAW
from magistrat.core.demo import DemoContext
from magistrat.core.polish import fold
from magistrat.core.reference import load_yaml
from magistrat.core.uploads import CheckedFile


def seed(context: DemoContext) -> None:
    data = load_yaml("bip", "demo_bip.yaml")
    heads = context.shared["heads"]
    units = context.shared["units"]
    editor, approver = heads["OR-03"].user, heads["OR"].user
    BulletinSettings.objects.create(
        **data["settings"],
        accessibility_prepared_on=context.today - timedelta(days=400),
        accessibility_reviewed_on=context.today - timedelta(days=60),
    )
    with audit_context(user=editor):
        for spec in data["items"]:
            _item(spec, context, units, editor, approver)


def _moment(context: DemoContext, days_ago: int) -> datetime:
    return datetime.combine(context.today - timedelta(days=days_ago), time(10, 0), tzinfo=WARSAW)


def _item(spec, context, units, editor, approver) -> None:
    from django.utils.text import slugify

    category = Category.objects.get(slug=spec["category"])
    values = {
        key: (context.today + timedelta(days=value)).isoformat() if key in _date_keys(category) else value
        for key, value in spec.get("data", {}).items()
    }
    withheld = spec.get("withheld", {})
    item = services.item_save(
        item=Item(
            category=category,
            unit=units[spec["unit"]],
            slug=slugify(fold(spec["title"]))[:120],
            title=spec["title"],
            body=spec["body"],
            produced_by=units[spec["unit"]].name,
            # responsible: the unit head and their position, filled in by item_save (metryczka)
            produced_on=context.today - timedelta(days=spec["days_ago"] + 3),
            entered_by=editor,
            withheld_scope=withheld.get("scope", ""),
            withheld_basis=withheld.get("basis", ""),
            withheld_by=withheld.get("by", ""),
        ),
        data=values,
    )
    if "attachment" in spec:
        text = f"{spec['attachment']}\n{spec['title']}\n".encode()
        services.attachment_add(
            item=item,
            file=CheckedFile(
                f"{slugify(fold(spec['attachment']))}.txt",
                "txt",
                "text/plain",
                len(text),
                hashlib.sha256(text).hexdigest(),
                text,
            ),
            title=spec["attachment"],
        )
    _publish(item, approver, _moment(context, spec["days_ago"]))
    if "change" in spec:
        item.title = spec["change"]["title"]
        services.item_save(item=item)
        item.change_reason = spec["change"]["reason"]
        _publish(item, approver, _moment(context, spec["change"]["days_ago"]))
    if "remove" in spec:
        with audit_context(user=approver):
            services.item_remove(item=item, by=approver, reason=spec["remove"]["reason"])
    if spec.get("archived"):
        services.item_archive(item=item)


def _publish(item: Item, approver, when: datetime) -> None:
    services.item_submit(item=item)  # by the editor (the surrounding context)
    with audit_context(user=approver):  # the approver approves and publishes: the trail says so
        services.item_approve(item=item, approver=approver)
        services.item_publish(item=item, by=approver, now=when)


def _date_keys(category: Category) -> set[str]:
    return {spec["key"] for spec in category.fields if spec["type"] == "date"}
