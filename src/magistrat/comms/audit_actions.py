"""Names of the audit events the newsroom writes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "comms.news.created": _("News item drafted"),
    "comms.news.saved": _("News item changed"),
    "comms.news.image_added": _("Picture added to a news item"),
    "comms.news.image_removed": _("Picture removed from a news item"),
    "comms.news.submitted": _("News item submitted for approval"),
    "comms.news.returned": _("News item returned to its editors"),
    "comms.news.approved": _("News item approved"),
    "comms.news.published": _("News item published"),
    "comms.news.expired": _("News item expired"),
    "comms.news.withdrawn": _("News item withdrawn"),
    "comms.delivery.sent": _("Sent to a channel"),
    "comms.delivery.failed": _("Sending to a channel failed (will retry)"),
    "comms.delivery.gave_up": _("Sending to a channel given up"),
    "comms.delivery.retried": _("Sending to a channel retried"),
    "comms.delivery.withdrawn": _("Withdrawn from a channel"),
    "comms.delivery.withdraw_failed": _("Withdrawal from a channel failed"),
    "comms.template.saved": _("Crisis template saved"),
    "comms.template.approved": _("Crisis template approved"),
    "comms.crisis.sent": _("Crisis message sent"),
    "comms.crisis.confirmed": _("Crisis message confirmed by an approver"),
    "comms.taxonomy.added": _("News category or district added"),
}

DETAILS = {
    "channel": pgettext_lazy("audit detail", "channel"),
    "channels": pgettext_lazy("audit detail", "channels"),
    "remote_url": pgettext_lazy("audit detail", "address at the channel"),
    "attempts": pgettext_lazy("audit detail", "attempts"),
    "found_after_lost_answer": pgettext_lazy("audit detail", "found after a lost answer"),
    "error": pgettext_lazy("audit detail", "error"),
    "alt_text": pgettext_lazy("audit detail", "alternative text"),
    "template": pgettext_lazy("audit detail", "template"),
    "new_template": pgettext_lazy("audit detail", "new template"),
    "categories": pgettext_lazy("audit detail", "categories"),
    "districts": pgettext_lazy("audit detail", "districts"),
    "publish_at": pgettext_lazy("audit detail", "publish at"),
    "state_before": pgettext_lazy("audit detail", "state before"),
    "comment": pgettext_lazy("audit detail", "comment"),
    "reason": pgettext_lazy("audit detail", "reason"),
    "list": pgettext_lazy("audit detail", "list"),
    "name": pgettext_lazy("audit detail", "name"),
}
