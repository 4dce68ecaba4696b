"""The BIP editors' pages: items of their units, the workflow, attachments, bulletin settings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.bip import services
from magistrat.bip.forms import AttachmentForm, ItemForm, ReasonForm, ReturnForm, SettingsForm
from magistrat.bip.models import Attachment, BulletinSettings, Category, Item, ItemReturn
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.permissions import has_perm, permission_required, unit_scope
from magistrat.core.uploads import check_upload
from magistrat.org.models import Unit


def _items_for(user):
    """Items in the units the user may see (an office-wide grant sees all), with the approvers'
    returns the editors have not answered yet."""
    scope = unit_scope(user, "bip.view_items")
    items = Item.objects.select_related("category", "unit").prefetch_related(
        Prefetch("returns", queryset=ItemReturn.objects.filter(resolved_at__isnull=True))
    )
    return items if scope is None else items.filter(unit_id__in=scope)


def _item_for(request, pk: int) -> Item:
    item = _items_for(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _may_edit(user, item: Item) -> bool:
    return has_perm(user, "bip.edit_items", item.unit_id)


@permission_required("bip.view_items")
def item_list(request):
    items = _items_for(request.user)
    query = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("state", "")
    if query:
        items = items.filter(Q(title__icontains=query) | Q(slug__icontains=query))
    if state in Item.State.values:
        items = items.filter(state=state)
    page = Paginator(items.order_by("-updated_at", "-pk"), 30).get_page(request.GET.get("page"))
    context = {"page": page, "q": query, "state": state, "states": Item.State.choices}
    return render(request, "bip/item_list.html", context)


@permission_required("bip.edit_items")
def item_edit(request, pk: int | None = None):
    item = _item_for(request, pk) if pk else Item(entered_by=request.user)
    if pk and not _may_edit(request.user, item):
        raise PermissionDenied
    scope = unit_scope(request.user, "bip.edit_items")
    units = Unit.objects.active() if scope is None else Unit.objects.filter(pk__in=scope)
    chosen = request.POST.get("category") or request.GET.get("category")
    category = Category.objects.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    form = ItemForm(request.POST or None, instance=item, units=units, category=category)
    if request.method == "POST" and "refresh" not in request.POST and form.is_valid():
        try:
            saved = services.item_save(
                item=form.save(commit=False),
                data=form.structured_data(),
                related=form.cleaned_data["related"],
            )
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("bip:item_detail", pk=saved.pk)
    if "refresh" in request.POST:  # the category changed: its fields are shown, nothing is saved
        form.errors.clear()
    title = _("Change the item") if pk else _("New item")
    return render(
        request,
        "bip/item_form.html",
        {"form": form, "item": item, "title": title},
        status=400 if form.errors else 200,
    )


@permission_required("bip.view_items")
def item_detail(request, pk: int):
    item = _item_for(request, pk)
    context = {
        "item": item,
        "returns": item.returns.select_related("returned_by").order_by("-created_at", "-pk"),
        "return_form": ReturnForm(),
        "versions": item.versions.order_by("-number"),
        "attachments": item.attachments.all(),
        "can_edit": _may_edit(request.user, item) and item.state != Item.State.REMOVED,
        "can_approve": has_perm(request.user, "bip.approve_items"),
        "attachment_form": AttachmentForm(),
        "reason_form": ReasonForm(),
    }
    return render(request, "bip/item_detail.html", context)


@require_POST
@permission_required("bip.view_items")
def item_action(request, pk: int, action: str):
    """Submit, approve, publish, remove: each checks who may, the service checks the state."""
    item = _item_for(request, pk)
    approve = has_perm(request.user, "bip.approve_items")
    allowed = {
        "submit": _may_edit(request.user, item),
        "approve": approve,
        "publish": approve,
        "remove": approve,
    }
    if not allowed.get(action, False):
        raise PermissionDenied
    try:
        if action == "submit":
            services.item_submit(item=item, by=request.user)
        elif action == "approve":
            services.item_approve(item=item, approver=request.user)
        elif action == "publish":
            services.item_publish(item=item, by=request.user)
        else:
            form = ReasonForm(request.POST)
            services.item_remove(
                item=item, by=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
            )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect("bip:item_detail", pk=item.pk)


@require_POST
@permission_required("bip.approve_items")
def item_return(request, pk: int):
    """An approver sends a submitted item back to its editors with a comment."""
    item = _item_for(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.item_return(item=item, approver=request.user, comment=form.cleaned_data["comment"])
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Returned to the editors with your comment."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("bip:item_detail", pk=item.pk)


@require_POST
@permission_required("bip.edit_items")
def attachment_add(request, pk: int):
    item = _item_for(request, pk)
    if not _may_edit(request.user, item):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            checked = check_upload(form.cleaned_data["file"])
            services.attachment_add(item=item, file=checked, title=form.cleaned_data["title"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Attachment added; it is published with the next version."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("bip:item_detail", pk=item.pk)


@require_POST
@permission_required("bip.edit_items")
def attachment_remove(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    item = _item_for(request, attachment.item_id)
    if not _may_edit(request.user, item):
        raise PermissionDenied
    try:
        services.attachment_remove(attachment=attachment)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("bip:item_detail", pk=item.pk)


@permission_required("bip.manage_bulletin")
def settings_edit(request):
    form = SettingsForm(request.POST or None, instance=BulletinSettings.objects.first())
    if request.method == "POST" and form.is_valid():
        try:
            services.bulletin_settings_save(settings=form.save(commit=False))
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("bip:settings")
    return render(request, "bip/settings.html", {"form": form}, status=400 if form.errors else 200)
