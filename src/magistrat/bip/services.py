"""Every write to the BIP: the subject menu, items through their workflow, publication.

Publication appends an `ItemVersion` to the item's hash chain; a change of a published item is
edited on the working copy, approved again and published as the next version with a reason and
a readable diff; removal appends a "removed" version with its reason. Nothing here (or anywhere)
changes a stored version.
"""

import difflib
import re
from datetime import date, datetime

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import override

from magistrat.bip.changes import public_content_changed
from magistrat.bip.models import Attachment, BulletinSettings, Category, Item, ItemReturn, ItemVersion
from magistrat.bip.search import index_item
from magistrat.core.audit import log_action, set_related
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.html import clean_html
from magistrat.core.permissions import require_may
from magistrat.core.reference import load_yaml
from magistrat.core.tasks import notify
from magistrat.core.textextract import extract_text
from magistrat.core.uploads import CheckedFile


def subject_menu_install(*, using: str = "default") -> int:
    """Create the subject menu from bip/data/subject_menu.yaml when the office has none yet."""
    if Category.objects.using(using).exists():
        return 0
    created = 0

    def add(specs, parent=None):
        nonlocal created
        for position, spec in enumerate(specs):
            category = Category(
                slug=spec["slug"],
                parent=parent,
                name=spec["name"],
                basis=spec.get("basis", ""),
                fields=spec.get("fields", []),
                position=position,
            )
            category.save(using=using)
            created += 1
            add(spec.get("children", []), category)

    with transaction.atomic(using=using):
        add(load_yaml("bip", "subject_menu.yaml")["categories"])
    return created


def _check_data(category: Category, data: dict, *, item: Item) -> dict:
    """The structured fields of the category, typed; required and unique ones checked."""
    clean: dict = {}
    for spec in category.fields:
        key, raw = spec["key"], data.get(spec["key"])
        text = "" if raw is None else str(raw).strip()
        if not text:
            if spec.get("required"):
                raise ServiceError(_("%(field)s is required.") % {"field": spec["label"]}, field=key)
            continue
        if spec["type"] == "date":
            try:
                text = date.fromisoformat(text).isoformat()
            except ValueError as exc:
                raise ServiceError(
                    _("%(field)s: %(value)s is not a date (YYYY-MM-DD).")
                    % {"field": spec["label"], "value": text},
                    field=key,
                ) from exc
        elif spec["type"] == "number" and not re.fullmatch(r"-?\d+", text):
            raise ServiceError(_("%(field)s must be a whole number.") % {"field": spec["label"]}, field=key)
        if spec.get("unique"):
            clash = Item.objects.filter(category=category, **{f"data__{key}": text}).exclude(pk=item.pk)
            if clash.exists():
                raise ServiceError(
                    _("%(field)s %(value)s is already used by another item in this category.")
                    % {"field": spec["label"], "value": text},
                    field=key,
                )
        clean[key] = text
    return clean


# Block-level HTML: text without any is plain text, typed or pasted without the editor.
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|h[1-6]|ul|ol|li|table|blockquote|pre|div|br)\b", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def body_html(text: str) -> str:
    """The item's text as stored: plain text (no block-level tags) becomes paragraphs at blank lines
    and line breaks at single newlines, so text typed without the editor reads as it was written;
    then everything is checked and sanitised (`core.html.clean_html`, ValidationError on code)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if text and not _BLOCK_TAG.search(text):
        paragraphs = [part.strip() for part in _BLANK_LINES.split(text) if part.strip()]
        text = "\n".join(
            "<p>" + "<br>\n".join(line.strip() for line in part.split("\n")) + "</p>" for part in paragraphs
        )
    return clean_html(text)


def _responsible_from_unit(item: Item) -> None:
    """Metryczka: with no person named, the person responsible for the content is the head of the
    item's unit with their position; a "function" that only names the unit becomes the position."""
    if item.responsible_name.strip() or not item.unit_id:
        return
    head = item.unit.head
    if head is None or not head.is_active:
        return
    item.responsible_name = head.user.get_full_name() or head.user.get_username()
    function = item.responsible.strip()
    if not function or item.unit.name.casefold() in function.casefold():
        item.responsible = head.position.name


def _require(user, perm: str, obj=None) -> None:
    """The rule of `bip.permissions`, asked by the service itself whoever calls it (a view asks
    first, for its buttons). `user` None is the office's own machinery acting on no one's behalf:
    the scheduler archiving an item when due, the demo seed, another app's service drafting an item
    inside a request it has already checked."""
    if user is not None:
        require_may(user, perm, obj)


def _editable(item: Item) -> None:
    if item.state == Item.State.REMOVED:
        raise ServiceError(_("A removed item cannot be changed."))


@transaction.atomic
def item_save(*, item: Item, by=None, data: dict | None = None, related: list[Item] | None = None) -> Item:
    """Save the working copy (a new draft, or a change of a published item that goes back to draft)."""
    _editable(item)
    _require(by, "bip.edit_items", item)
    try:
        item.body = body_html(item.body)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], field="body") from exc
    _responsible_from_unit(item)
    if not item.responsible_display:  # art. 8 ust. 6 udip: the metryczka identifies a person
        raise ServiceError(
            _("Name the person responsible for the content (the unit has no head to take instead)."),
            field="responsible_name",
        )
    item.data = _check_data(item.category, data if data is not None else item.data, item=item)
    if item.pk and item.first_published_at and item.slug != Item.objects.get(pk=item.pk).slug:
        raise ServiceError(_("The address of a published item never changes."), field="slug")
    clean_or_refuse(item)
    new, state_before = item.pk is None, item.state
    _back_to_draft(item, save=False)
    item.save()
    if related is not None:
        if any(other.pk == item.pk for other in related):
            raise ServiceError(_("An item cannot link to itself."), field="related")
        if any(other.first_published_at is None or other.state == Item.State.REMOVED for other in related):
            raise ServiceError(_("Only published items can be linked."), field="related")
        set_related(item, "related", related)
    # The field-diff trail holds what changed; the named event says what it means for the workflow.
    log_action(item, "bip.item.saved", user=by, data={"new_item": new, "state_before": state_before})
    return item


def _back_to_draft(item: Item, *, save: bool = True) -> None:
    """Any change of the working copy needs a new approval before it is published."""
    if item.state in (Item.State.SUBMITTED, Item.State.APPROVED, Item.State.PUBLISHED, Item.State.ARCHIVED):
        item.state, item.approved_by = Item.State.DRAFT, None
        if save:
            item.save()


@transaction.atomic
def item_submit(*, item: Item, by=None) -> Item:
    """Send the draft to the approvers (by an editor of the item's unit)."""
    _require(by, "bip.edit_items", item)
    if item.state != Item.State.DRAFT:
        raise ServiceError(_("Only a draft can be submitted."))
    if item.first_published_at and not item.change_reason.strip():
        raise ServiceError(_("Say why the published item is being changed."), field="change_reason")
    item.state = Item.State.SUBMITTED
    if by is not None:
        item.submitted_by = by
    item.save()
    # Submitting again answers the approver's return: it stays in the history, no longer open.
    answered = []
    for open_return in item.returns.filter(resolved_at__isnull=True):
        open_return.resolved_at = timezone.now()
        open_return.save()
        answered.append(open_return.pk)
    log_action(
        item,
        "bip.item.submitted",
        user=by,
        data={"change_reason": item.change_reason.strip(), "answers_returns": answered},
    )
    return item


RETURN_COMMENT_MAX = 2000


@transaction.atomic
def item_return(*, item: Item, approver, comment: str) -> ItemReturn:
    """Send a submitted item back to its editors as a draft, with what to change; the comment is
    kept with the item and its author and submitter are notified."""
    require_may(approver, "bip.approve_items", item)
    if item.state != Item.State.SUBMITTED:
        raise ServiceError(_("Only a submitted item can be returned."))
    comment = comment.strip()
    if not comment:
        raise ServiceError(_("Say what the editors should change."), field="comment")
    if len(comment) > RETURN_COMMENT_MAX:
        raise ServiceError(
            _("The comment is too long: at most %(limit)d characters.") % {"limit": RETURN_COMMENT_MAX},
            field="comment",
        )
    returned = ItemReturn.objects.create(item=item, returned_by=approver, comment=comment)
    item.state, item.approved_by = Item.State.DRAFT, None
    item.save()
    log_action(item, "bip.item.returned", user=approver, data={"comment": comment, "return": returned.pk})
    recipients = {
        user for user in (item.entered_by, item.submitted_by) if user is not None and user.is_active
    }
    url = reverse("bip:item_detail", args=[item.pk])
    with override(django_settings.LANGUAGE_CODE):
        for user in recipients - {approver}:
            notify(
                user=user,
                title=_("Returned for changes: %(title)s") % {"title": item.title[:200]},
                body=comment,
                url=url,
                key=f"bip-return:{returned.pk}",
            )
    return returned


@transaction.atomic
def item_approve(*, item: Item, approver) -> Item:
    """An approver accepts the submitted item; it is published now or at its `publish_at`."""
    require_may(approver, "bip.approve_items", item)
    if item.state != Item.State.SUBMITTED:
        raise ServiceError(_("Only a submitted item can be approved."))
    item.state, item.approved_by = Item.State.APPROVED, approver
    item.save()
    publish_at = item.publish_at.isoformat() if item.publish_at else None
    log_action(item, "bip.item.approved", user=approver, data={"publish_at": publish_at})
    return item


def _imprint(item: Item, made_available_at: datetime) -> dict:
    """Metryczka (art. 8 ust. 6 udip) as published with the version."""
    entered_by = item.entered_by.get_full_name() or item.entered_by.get_username()
    return {
        "body": item.unit.name,
        "produced_by": item.produced_by,
        "responsible": item.responsible_display,
        "responsible_name": item.responsible_name,
        "responsible_function": item.responsible,
        "produced_on": item.produced_on.isoformat(),
        "entered_by": entered_by,
        "made_available_at": made_available_at.isoformat(),
    }


def version_diff(before: ItemVersion | None, title: str, body: str, data: dict) -> list[dict]:
    """What changed, field by field, as lines removed and added (plain text of the body)."""
    if before is None:
        return []
    changes = []
    pairs = [("title", before.title, title), ("body", before.body, body)]
    pairs += [
        (f"data.{key}", str(before.data.get(key, "")), str(data.get(key, "")))
        for key in sorted(before.data.keys() | data.keys())
    ]
    for field, old, new in pairs:
        if old == new:
            continue
        old_lines = strip_tags(old.replace("</p>", "</p>\n")).splitlines()
        new_lines = strip_tags(new.replace("</p>", "</p>\n")).splitlines()
        lines = [line for line in difflib.ndiff(old_lines, new_lines) if line[:1] in "-+"]
        changes.append({"field": field, "lines": lines})
    return changes


def _published_content(item: Item, now: datetime) -> dict:
    """What a publication makes available: the working copy as approved."""
    return {
        "title": item.title,
        "body": item.body,
        "data": item.data,
        "imprint": _imprint(item, item.first_published_at or now),
        "attachments": [
            {"id": a.pk, "title": a.title, "file": a.filename, "size": a.size, "sha256": a.sha256}
            for a in item.attachments.all()
        ],
        "withheld": {"scope": item.withheld_scope, "basis": item.withheld_basis, "by": item.withheld_by}
        if item.withheld_scope
        else {},
        "links": [
            {"title": linked.public_title, "url": f"/bip/{linked.category.slug}/{linked.slug}/"}
            for linked in item.related.listed()
            .with_public_version()
            .select_related("category")
            .order_by("pk")
        ],
    }


def _removed_content(previous: ItemVersion) -> dict:
    """What a removal records: the content the public had (the last version), never the working
    copy, which may hold an editor's unpublished changes or files."""
    return {
        field: getattr(previous, field)
        for field in ("title", "body", "data", "imprint", "attachments", "withheld", "links")
    }


def _append_version(item: Item, *, kind: str, by, reason: str, now: datetime) -> ItemVersion:
    # Lock the item: two publications of one item cannot race for the same number or link.
    Item.objects.select_for_update().filter(pk=item.pk).first()
    previous = item.versions.order_by("-number").first()
    if kind == ItemVersion.Kind.REMOVED and previous is not None:
        content, diff = _removed_content(previous), []
    else:
        content = _published_content(item, now)
        diff = version_diff(previous, content["title"], content["body"], content["data"])
    version = ItemVersion(
        item=item,
        number=(previous.number + 1) if previous else 1,
        kind=kind,
        published_at=now,
        published_by=by,
        published_by_name=by.get_full_name() or by.get_username(),
        reason=reason,
        diff=diff,
        prev_hash=previous.hash if previous else ItemVersion.GENESIS_HASH,
        **content,
    )
    version.hash = version.compute_hash()
    version.save()
    return version


@transaction.atomic
def item_publish(*, item: Item, by, now: datetime | None = None) -> ItemVersion:
    """Publish the approved working copy as the item's next version (the time is the system's)."""
    require_may(by, "bip.approve_items", item)
    if item.state != Item.State.APPROVED:
        raise ServiceError(_("Only an approved item can be published."))
    now = now or timezone.now()
    if item.first_published_at is not None and not item.change_reason.strip():
        raise ServiceError(_("Say why the published item is being changed."), field="change_reason")
    if item.first_published_at is None:
        item.first_published_at = now
    version = _append_version(
        item, kind=ItemVersion.Kind.PUBLISHED, by=by, reason=item.change_reason.strip(), now=now
    )
    item.state, item.change_reason = Item.State.PUBLISHED, ""
    item.save()
    index_item(item, attachments_text="\n".join(a.text for a in item.attachments.all()))
    public_content_changed(reason="bip.item.published", source="items", pk=item.pk)
    log_action(
        item,
        "bip.item.published",
        user=by,
        data={"version": version.number, "hash": version.hash, "reason": version.reason},
    )
    return version


@transaction.atomic
def item_remove(*, item: Item, by, reason: str) -> ItemVersion:
    """Take a published item off the bulletin; its page stays, saying when, by whom and why."""
    require_may(by, "bip.approve_items", item)
    if item.first_published_at is None:
        raise ServiceError(_("An item that was never published is deleted, not removed."))
    if item.state == Item.State.REMOVED:
        raise ServiceError(_("The item is already removed."))
    if not reason.strip():
        raise ServiceError(_("Give the reason for the removal."), field="reason")
    version = _append_version(
        item, kind=ItemVersion.Kind.REMOVED, by=by, reason=reason.strip(), now=timezone.now()
    )
    item.state = Item.State.REMOVED
    item.save()
    index_item(item)
    public_content_changed(reason="bip.item.removed", source="items", pk=item.pk)
    log_action(
        item,
        "bip.item.removed",
        user=by,
        data={"version": version.number, "hash": version.hash, "reason": reason.strip()},
    )
    return version


def verify_item(item: Item) -> tuple[bool, int | None]:
    """Whether the item's published history is intact: (ok, the first broken version number)."""
    return verify_versions(item.versions.order_by("number"))


def verify_versions(versions) -> tuple[bool, int | None]:
    """Each version must link to the one before and match its own hash."""
    prev_hash = ItemVersion.GENESIS_HASH
    for version in versions:
        if version.prev_hash != prev_hash or version.compute_hash() != version.hash:
            return False, version.number
        prev_hash = version.hash
    return True, None


@transaction.atomic
def attachment_add(*, item: Item, file: CheckedFile, title: str = "", by=None) -> Attachment:
    """Attach a checked file to the working copy; it is published with the item's next version."""
    _editable(item)
    _require(by, "bip.edit_items", item)
    attachment = Attachment(
        item=item,
        title=(title or file.name)[:200],
        filename=file.name,
        content_type=file.content_type,
        size=file.size,
        sha256=file.sha256,
        text=extract_text(file),
        position=item.attachments.count(),
    )
    attachment.file.save(file.name, ContentFile(file.data), save=False)
    attachment.save()
    _back_to_draft(item)
    log_action(
        item,
        "bip.item.attachment_added",
        user=by,
        data={"attachment": attachment.pk, "file": file.name, "size": file.size, "hash": file.sha256},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by=None) -> None:
    """Take a file off the working copy; versions already published keep listing it."""
    item = attachment.item
    _editable(item)
    _require(by, "bip.edit_items", attachment)
    details = {"attachment": attachment.pk, "file": attachment.filename, "hash": attachment.sha256}
    attachment.delete()
    _back_to_draft(item)
    log_action(item, "bip.item.attachment_removed", user=by, data=details)


@transaction.atomic
def item_archive(*, item: Item, by=None) -> Item:
    """Move a published item to the archive: still public, listed under the category's archive.
    The scheduler does it when the item's `archive_at` comes (no `by`)."""
    _require(by, "bip.approve_items", item)
    if item.state != Item.State.PUBLISHED:
        raise ServiceError(_("Only a published item can be archived."))
    item.state = Item.State.ARCHIVED
    item.save()
    public_content_changed(reason="bip.item.archived", source="items", pk=item.pk)
    archive_at = item.archive_at.isoformat() if item.archive_at else None
    log_action(item, "bip.item.archived", user=by, data={"archive_at": archive_at})
    return item


@transaction.atomic
def bulletin_settings_save(*, settings: BulletinSettings, by=None) -> BulletinSettings:
    """The editors' details and the accessibility statement: on every public page."""
    _require(by, "bip.manage_bulletin")
    clean_or_refuse(settings)
    settings.save()
    public_content_changed(reason="bip.settings.saved")
    reviewed = settings.accessibility_reviewed_on.isoformat() if settings.accessibility_reviewed_on else None
    log_action(settings, "bip.settings.saved", user=by, data={"statement_reviewed_on": reviewed})
    return settings
