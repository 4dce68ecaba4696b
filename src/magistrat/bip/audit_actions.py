"""Names of the audit events the Public Information Bulletin writes (one per state change, by its
service in `bip/services.py`; the field-diff trail of each save stays as the safety net)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "bip.item.saved": _("BIP item saved as a draft"),
    "bip.item.submitted": _("BIP item submitted for approval"),
    "bip.item.approved": _("BIP item approved"),
    "bip.item.returned": _("BIP item returned to the editors"),
    "bip.item.published": _("BIP item published"),
    "bip.item.removed": _("BIP item removed (with a public record)"),
    "bip.item.archived": _("BIP item moved to the archive"),
    "bip.item.attachment_added": _("Attachment added to a BIP item"),
    "bip.item.attachment_removed": _("Attachment removed from a BIP item"),
    "bip.settings.saved": _("BIP settings and accessibility statement saved"),
}

DETAILS = {
    "return": pgettext_lazy("audit detail", "return note"),
    "new_item": pgettext_lazy("audit detail", "new item"),
    "state_before": pgettext_lazy("audit detail", "state before"),
    "change_reason": pgettext_lazy("audit detail", "reason for the change"),
    "answers_returns": pgettext_lazy("audit detail", "answers the returns"),
    "publish_at": pgettext_lazy("audit detail", "publish at"),
    "archive_at": pgettext_lazy("audit detail", "archive at"),
    "attachment": pgettext_lazy("audit detail", "attachment"),
    "size": pgettext_lazy("audit detail", "size in bytes"),
    "statement_reviewed_on": pgettext_lazy("audit detail", "statement last reviewed on"),
}
