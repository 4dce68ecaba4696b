"""Crisis mode: templates approved in advance, sent at once by a duty officer to the public pages
and every enabled channel, and confirmed by an approver afterwards (the trail records both)."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from magistrat.comms.models import Category, CrisisTemplate, District, NewsItem
from magistrat.comms.services.news import _require_fits, news_publish
from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, clean_or_refuse
from magistrat.core.permissions import require_may
from magistrat.core.polish import fold

APPROVE, SEND = "comms.approve_news", "comms.send_crisis"


@transaction.atomic
def template_save(*, template: CrisisTemplate, by) -> CrisisTemplate:
    """Write or change a template (by an approver); a change needs a new approval."""
    require_may(by, APPROVE, template)
    new = template.pk is None
    if new:
        template.created_by = by
    clean_or_refuse(template, exclude=("created_by",))
    template.approved_by, template.approved_at = None, None
    template.save()
    log_action(template, "comms.template.saved", user=by, data={"new_template": new})
    return template


@transaction.atomic
def template_approve(*, template: CrisisTemplate, approver) -> CrisisTemplate:
    require_may(approver, APPROVE, template)
    if template.approved_by_id:
        raise ServiceError(_("This template is already approved."))
    if template.created_by_id == approver.pk:
        raise ServiceError(_("You wrote this template: another approver must approve it."))
    template.approved_by, template.approved_at = approver, timezone.now()
    template.save()
    log_action(template, "comms.template.approved", user=approver)
    return template


@transaction.atomic
def crisis_send(
    *, template: CrisisTemplate, by, now: datetime | None = None, channels: dict[str, dict] | None = None
) -> NewsItem:
    """Publish the approved template now, on the site and to every enabled channel."""
    require_may(by, SEND, template)
    if not template.usable:
        raise ServiceError(_("Only an approved template can be sent."))
    now = now or timezone.now()
    news = NewsItem.objects.create(
        title=template.title,
        lead=template.lead,
        body=template.body,
        social_text=template.social_text,
        unit=template.unit,
        author=by,
        is_crisis=True,
        crisis_template=template,
        state=NewsItem.State.APPROVED,
    )
    _require_fits(news, channels)
    log_action(news, "comms.crisis.sent", user=by, data={"template": template.title})
    news_publish(news=news, by=by, now=now, channels=channels)
    return news


@transaction.atomic
def crisis_confirm(*, news: NewsItem, approver) -> NewsItem:
    """An approver confirms a crisis message sent by a duty officer (approval after the fact)."""
    require_may(approver, APPROVE, news)
    if not news.is_crisis:
        raise ServiceError(_("Only a crisis message is confirmed after sending."))
    if news.crisis_confirmed_by_id:
        raise ServiceError(_("This crisis message is already confirmed."))
    if news.author_id == approver.pk:
        raise ServiceError(_("You sent this message: another approver must confirm it."))
    news.crisis_confirmed_by, news.crisis_confirmed_at = approver, timezone.now()
    news.save()
    log_action(news, "comms.crisis.confirmed", user=approver)
    return news


@transaction.atomic
def taxonomy_add(*, by, kind: str, name: str):
    """A category or district for the news, added by an approver (named in the trail)."""
    require_may(by, "comms.approve_news")
    model = Category if kind == "category" else District
    name = name.strip()
    try:
        with transaction.atomic():
            obj = model.objects.create(name=name, slug=slugify(fold(name))[:60] or "x")
    except IntegrityError as exc:
        raise ServiceError(_("This name or its address is already on the list."), field="name") from exc
    log_action(obj, "comms.taxonomy.added", user=by, data={"list": model._meta.verbose_name, "name": name})
    return obj
