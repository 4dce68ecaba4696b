"""The newsroom's staff pages: news of the user's units, the editor, pictures, the workflow, the
approval queue, channel previews and per-channel delivery states with retry and withdraw.

Buttons come from `may`; the services refuse on their own (`ServiceError` shown as a message)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from magistrat.comms import selectors
from magistrat.comms.channels import LABELS
from magistrat.comms.connectors.base import Post
from magistrat.comms.forms import CommentForm, ImageForm, NewsForm
from magistrat.comms.models import Delivery, NewsImage, NewsItem
from magistrat.comms.services import crisis, outbox
from magistrat.comms.services import news as services
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.forms import ReasonForm
from magistrat.core.permissions import get_for, may, object_permission_required, permission_required

VIEW, EDIT, APPROVE, MANAGE = (
    "comms.view_news",
    "comms.edit_news",
    "comms.approve_news",
    "comms.manage_channels",
)


def _refused(request, exc: ServiceError) -> None:
    messages.error(request, exc.message)


@permission_required(VIEW)
def news_list(request):
    state = request.GET.get("state", "")
    filters = selectors.NewsFilters(
        state=state if state in NewsItem.State.values else "",
        unit=request.GET.get("unit", "").strip()[:30],
        query=request.GET.get("q", "").strip()[:100],
    )
    page = Paginator(selectors.news_list(user=request.user, filters=filters), 30).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "states": NewsItem.State.choices,
        "units": selectors.editable_units(user=request.user) if may(request.user, EDIT) else [],
        "can_edit": may(request.user, EDIT),
        "can_approve": may(request.user, APPROVE),
    }
    return render(request, "comms/news_list.html", context)


@permission_required(APPROVE)
def approval_queue(request):
    return render(
        request,
        "comms/approvals.html",
        {
            "items": selectors.approval_queue(),
            "crisis": selectors.crisis_unconfirmed(),
            "user_id": request.user.pk,
        },
    )


def _edit(request, news: NewsItem):
    form = NewsForm(request.POST or None, instance=news, units=selectors.editable_units(user=request.user))
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.channel_texts = form.channel_texts()
        try:
            saved = services.news_save(
                news=item,
                by=request.user,
                categories=form.cleaned_data["categories"],
                districts=form.cleaned_data["districts"],
                bip_items=form.cleaned_data["bip_items"],
                services=form.cleaned_data["services"],
            )
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("comms:news_detail", pk=saved.pk)
    title = _("Change the news item") if news.pk else _("New news item")
    return render(
        request,
        "comms/news_form.html",
        {"form": form, "news": news, "title": title},
        status=400 if form.errors else 200,
    )


@permission_required(EDIT)
def news_create(request):
    return _edit(request, NewsItem(author=request.user))


@object_permission_required(EDIT)
def news_edit(request, pk: int):
    news = get_for(request.user, VIEW, NewsItem.objects.all(), pk=pk)
    if not may(request.user, EDIT, news):
        raise PermissionDenied
    return _edit(request, news)


@object_permission_required(VIEW)
def news_detail(request, pk: int):
    news = get_for(
        request.user, VIEW, NewsItem.objects.select_related("unit", "author", "approved_by"), pk=pk
    )
    can_edit = may(request.user, EDIT, news)
    previews = services.previews(news)
    context = {
        "news": news,
        "images": news.images.all(),
        "deliveries": news.deliveries.all(),
        "labels": LABELS,
        "posts": [p for p in previews if isinstance(p, Post)],
        "unreachable": [p for p in previews if not isinstance(p, Post)],
        "can_edit": can_edit,
        "can_approve": may(request.user, APPROVE, news),
        "can_manage": may(request.user, MANAGE, news),
        "is_author": news.author_id == request.user.pk,
        "image_form": ImageForm(),
        "comment_form": CommentForm(),
        "reason_form": ReasonForm(),
    }
    return render(request, "comms/news_detail.html", context)


@object_permission_required(EDIT)
def image_add(request, pk: int):
    news = get_for(request.user, EDIT, NewsItem.objects.all(), pk=pk)
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.image_add(
                news=news,
                by=request.user,
                upload=form.cleaned_data["file"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Picture added."))
            return redirect("comms:news_detail", pk=news.pk)
    return render(
        request, "comms/image_form.html", {"form": form, "news": news}, status=400 if form.errors else 200
    )


@object_permission_required(EDIT)
@require_POST
def image_remove(request, pk: int):
    image = get_object_or_404(NewsImage.objects.select_related("news"), pk=pk)
    news = get_for(request.user, EDIT, NewsItem.objects.all(), pk=image.news_id)
    try:
        services.image_remove(image=image, by=request.user)
    except ServiceError as exc:
        _refused(request, exc)
    return redirect("comms:news_detail", pk=news.pk)


@object_permission_required(VIEW)
def image_file(request, pk: int):
    image = get_object_or_404(NewsImage, pk=pk)
    get_for(request.user, VIEW, NewsItem.objects.all(), pk=image.news_id)
    return FileResponse(image.file.open("rb"), content_type=image.content_type)


ACTIONS = {
    "submit": (
        EDIT,
        lambda news, user, post: services.news_submit(news=news, by=user),
        gettext_lazy("Submitted for approval."),
    ),
    "approve": (
        APPROVE,
        lambda news, user, post: services.news_approve(news=news, approver=user),
        gettext_lazy("Approved."),
    ),
    "publish": (
        APPROVE,
        lambda news, user, post: services.news_publish(news=news, by=user),
        gettext_lazy("Published."),
    ),
    "return": (
        APPROVE,
        lambda news, user, post: services.news_return(
            news=news, approver=user, comment=post.get("comment", "")
        ),
        gettext_lazy("Returned to the editors."),
    ),
    "withdraw": (
        APPROVE,
        lambda news, user, post: services.news_withdraw(news=news, by=user, reason=post.get("reason", "")),
        gettext_lazy("Withdrawn."),
    ),
    "confirm": (
        APPROVE,
        lambda news, user, post: crisis.crisis_confirm(news=news, approver=user),
        gettext_lazy("Crisis message confirmed."),
    ),
}


def _action(name: str):
    perm, call, success = ACTIONS[name]

    @object_permission_required(perm)
    @require_POST
    def view(request, pk: int):
        news = get_for(request.user, perm, NewsItem.objects.all(), pk=pk)
        try:
            call(news, request.user, request.POST)
        except ServiceError as exc:
            _refused(request, exc)
        else:
            messages.success(request, success)
        return redirect("comms:news_detail", pk=news.pk)

    view.__name__ = f"news_{name}"
    return view


news_submit = _action("submit")
news_approve = _action("approve")
news_publish = _action("publish")
news_return = _action("return")
news_withdraw = _action("withdraw")
news_confirm = _action("confirm")


def _delivery_action(service, success):
    @object_permission_required(MANAGE)
    @require_POST
    def view(request, pk: int):
        delivery = get_for(request.user, MANAGE, Delivery.objects.select_related("news"), pk=pk)
        try:
            service(delivery=delivery, by=request.user)
        except ServiceError as exc:
            _refused(request, exc)
        else:
            messages.success(request, success)
        return redirect("comms:news_detail", pk=delivery.news_id)

    return view


delivery_retry = _delivery_action(outbox.delivery_retry, gettext_lazy("Sending again."))
delivery_withdraw = _delivery_action(outbox.delivery_withdraw, gettext_lazy("Withdrawn from the channel."))
