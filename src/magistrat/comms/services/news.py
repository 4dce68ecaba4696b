"""The newsroom's workflow: every write to a news item, each with its named audit event."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.bip.services import body_html  # the BIP's rich text rule: the same editor, the same sanitiser
from magistrat.comms import policy
from magistrat.comms.channels import LABELS, connector_for, enabled_channels, message_for
from magistrat.comms.connectors.base import ChannelError, Post
from magistrat.comms.models import NewsImage, NewsItem
from magistrat.comms.search import index_news
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import require_may
from magistrat.core.uploads import check_upload

EDIT, APPROVE = "comms.edit_news", "comms.approve_news"
RETURN_COMMENT_MAX = 2000
MAX_IMAGES = 10


def _names(queryset) -> list[str]:
    return [str(obj) for obj in queryset]


@transaction.atomic
def news_save(
    *,
    news: NewsItem,
    by,
    categories=None,
    districts=None,
    bip_items=None,
    services=None,
) -> NewsItem:
    """Save a draft (a change of a submitted or approved item sends it back to draft)."""
    require_may(by, EDIT, news)
    if news.state not in (NewsItem.State.DRAFT, NewsItem.State.SUBMITTED, NewsItem.State.APPROVED):
        raise ServiceError(_("A published, expired or withdrawn item cannot be changed; write a new one."))
    try:
        news.body = body_html(news.body)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], field="body") from exc
    news.channel_texts = {
        kind: text.strip() for kind, text in (news.channel_texts or {}).items() if text and text.strip()
    }
    new = news.pk is None
    if new:
        news.author = by
    clean_or_refuse(news, exclude=("author",))
    state_before = news.state
    news.state, news.approved_by = NewsItem.State.DRAFT, None
    news.save()
    for name, values in (
        ("categories", categories),
        ("districts", districts),
        ("bip_items", bip_items),
        ("services", services),
    ):
        if values is not None:
            getattr(news, name).set(values)
    log_action(
        news,
        "comms.news.created" if new else "comms.news.saved",
        user=by,
        data={
            "state_before": state_before,
            "categories": _names(news.categories.all()),
            "districts": _names(news.districts.all()),
        },
    )
    return news


@transaction.atomic
def image_add(*, news: NewsItem, by, upload, alt_text: str) -> NewsImage:
    """Attach a checked picture (PNG or JPEG, content sniffed, size limited) with its required alt text."""
    require_may(by, EDIT, news)
    if news.state not in (NewsItem.State.DRAFT, NewsItem.State.SUBMITTED, NewsItem.State.APPROVED):
        raise ServiceError(_("Pictures can be added only before publication."))
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise ServiceError(
            _("Describe the picture (alternative text) for people who cannot see it."), field="alt_text"
        )
    if news.images.count() >= MAX_IMAGES:
        raise ServiceError(_("At most %(max)d pictures per item.") % {"max": MAX_IMAGES}, field="file")
    try:
        checked = check_upload(upload, kinds=("png", "jpeg"), max_bytes=policy.value("image_max_bytes"))
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], field="file") from exc
    image = NewsImage(
        news=news,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        alt_text=alt_text,
        position=news.images.count(),
    )
    image.file.save(checked.name, ContentFile(checked.data), save=False)
    image.save()
    news.state, news.approved_by = NewsItem.State.DRAFT, None
    news.save()
    log_action(news, "comms.news.image_added", user=by, data={"alt_text": alt_text, "size": checked.size})
    return image


@transaction.atomic
def image_remove(*, image: NewsImage, by) -> None:
    news = image.news
    require_may(by, EDIT, news)
    if news.state not in (NewsItem.State.DRAFT, NewsItem.State.SUBMITTED, NewsItem.State.APPROVED):
        raise ServiceError(_("Pictures can be removed only before publication."))
    alt = image.alt_text
    image.file.delete(save=False)
    image.delete()
    news.state, news.approved_by = NewsItem.State.DRAFT, None
    news.save()
    log_action(news, "comms.news.image_removed", user=by, data={"alt_text": alt})


def previews(news: NewsItem, channels: dict[str, dict] | None = None) -> list[Post | tuple[str, str]]:
    """The message as each enabled channel would publish it: a `Post`, or (channel, error) when the
    channel cannot be reached to compose it."""
    result: list[Post | tuple[str, str]] = []
    for kind, options in (channels if channels is not None else enabled_channels()).items():
        try:
            result.append(connector_for(kind, options).compose(message_for(news, kind)))
        except ChannelError as exc:
            result.append((kind, exc.message))
    return result


def _require_fits(news: NewsItem, channels: dict[str, dict] | None = None) -> None:
    """Refuse when a channel's message is over its limit and has no adapted text: nothing is published."""
    for post in previews(news, channels):
        if isinstance(post, Post) and not post.fits:
            raise ServiceError(
                _(
                    "The message for %(channel)s has %(length)d %(unit)s, over its limit of %(limit)d. "
                    "Write a shorter text adapted for that channel."
                )
                % {
                    "channel": LABELS.get(post.channel, post.channel),
                    "length": post.length,
                    "unit": _("graphemes") if post.unit == "graphemes" else _("characters"),
                    "limit": post.limit,
                },
                field="channel_texts",
            )


@transaction.atomic
def news_submit(*, news: NewsItem, by) -> NewsItem:
    require_may(by, EDIT, news)
    if news.state != NewsItem.State.DRAFT:
        raise ServiceError(_("Only a draft can be submitted."))
    _require_fits(news)
    news.state, news.submitted_by, news.return_comment = NewsItem.State.SUBMITTED, by, ""
    news.save()
    log_action(news, "comms.news.submitted", user=by)
    return news


@transaction.atomic
def news_return(*, news: NewsItem, approver, comment: str) -> NewsItem:
    require_may(approver, APPROVE, news)
    if news.state not in (NewsItem.State.SUBMITTED, NewsItem.State.APPROVED):
        raise ServiceError(_("Only a submitted or approved item can be returned."))
    comment = (comment or "").strip()
    if not comment:
        raise ServiceError(_("Say what the editors should change."), field="comment")
    if len(comment) > RETURN_COMMENT_MAX:
        raise ServiceError(
            _("The comment is too long: at most %(limit)d characters.") % {"limit": RETURN_COMMENT_MAX},
            field="comment",
        )
    news.state, news.approved_by, news.return_comment = NewsItem.State.DRAFT, None, comment
    news.save()
    log_action(news, "comms.news.returned", user=approver, data={"comment": comment})
    return news


@transaction.atomic
def news_approve(
    *, news: NewsItem, approver, now: datetime | None = None, channels: dict[str, dict] | None = None
) -> NewsItem:
    """Approve (never by its author); published at once unless its publication time is later."""
    require_may(approver, APPROVE, news)
    if news.state != NewsItem.State.SUBMITTED:
        raise ServiceError(_("Only a submitted item can be approved."))
    if approver.pk == news.author_id:
        raise ServiceError(_("You wrote this item: another approver must approve it."))
    now = now or timezone.now()
    if news.expire_at and news.expire_at <= max(now, news.publish_at or now):
        raise ServiceError(
            _("The item would expire before it is published. Change the expiry time."), field="expire_at"
        )
    _require_fits(news, channels)
    news.state, news.approved_by = NewsItem.State.APPROVED, approver
    news.save()
    log_action(
        news,
        "comms.news.approved",
        user=approver,
        data={"publish_at": news.publish_at.isoformat() if news.publish_at else None},
    )
    if news.publish_at is None or news.publish_at <= now:
        news_publish(news=news, by=approver, now=now, channels=channels)
    return news


@transaction.atomic
def news_publish(
    *, news: NewsItem, by, now: datetime | None = None, channels: dict[str, dict] | None = None
) -> NewsItem:
    """Publish an approved item and write its outbox (one delivery per enabled channel, or per one
    of `channels` given by the demo) in the same transaction; the deliveries are sent after the commit."""
    from magistrat.comms.services.outbox import deliveries_create

    if news.state != NewsItem.State.APPROVED:
        raise ServiceError(_("Only an approved item can be published."))
    _require_fits(news, channels)
    news.state, news.published_at = NewsItem.State.PUBLISHED, now or timezone.now()
    news.save()
    kinds = deliveries_create(news=news, channels=channels)
    index_news(news)
    log_action(
        news, "comms.news.published", user=by, data={"channels": [LABELS.get(kind, kind) for kind in kinds]}
    )
    return news


@transaction.atomic
def news_expire(*, news: NewsItem) -> NewsItem:
    """At its expiry time the item leaves the public pages (the scheduler: on no one's behalf)."""
    if news.state != NewsItem.State.PUBLISHED:
        raise ServiceError(_("Only a published item can expire."))
    news.state = NewsItem.State.EXPIRED
    news.save()
    index_news(news)
    log_action(news, "comms.news.expired")
    return news


def news_withdraw(*, news: NewsItem, by, reason: str) -> NewsItem:
    """Take a published item off the public pages and delete it at every channel where it was sent
    (a channel that fails to delete is left as it is, with the error shown on its delivery)."""
    from magistrat.comms.services.outbox import delivery_withdraw

    reason = (reason or "").strip()
    with transaction.atomic():
        require_may(by, APPROVE, news)
        if news.state not in (NewsItem.State.PUBLISHED, NewsItem.State.APPROVED, NewsItem.State.EXPIRED):
            raise ServiceError(_("Only an approved, published or expired item can be withdrawn."))
        if not reason:
            raise ServiceError(_("Say why the item is withdrawn."), field="reason")
        news.state = NewsItem.State.WITHDRAWN
        news.save()
        index_news(news)
        log_action(news, "comms.news.withdrawn", user=by, data={"reason": reason})
    for delivery in news.deliveries.exclude(state="withdrawn"):
        try:
            delivery_withdraw(delivery=delivery, by=by)
        except ServiceError:
            continue  # its error stays on the delivery; a person retries the withdrawal
    return news
