"""The BIP editors' pages: items of their units, the workflow, attachments, bulletin settings.

Who may do what is `bip.permissions`: the views ask it for their buttons (`may`), the selectors
fetch and check (`item_get`), and the services refuse on their own.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.bip import selectors, services
from magistrat.bip.forms import AttachmentForm, ItemForm, ReturnForm, SettingsForm
from magistrat.bip.models import BulletinSettings, Category, Item
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.forms import ReasonForm
from magistrat.core.permissions import may, permission_required
from magistrat.core.uploads import check_upload


@permission_required("bip.view_items")
def item_list(request):
    query = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("state", "")
    items = selectors.item_list(user=request.user, filters={"q": query, "state": state})
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    context = {"page": page, "q": query, "state": state, "states": Item.State.choices}
    return render(request, "bip/item_list.html", context)


@permission_required("bip.edit_items")
def item_edit(request, pk: int | None = None):
    if pk:
        item = selectors.item_get(user=request.user, pk=pk, perm="bip.edit_items")
    else:
        item = Item(entered_by=request.user)
    chosen = request.POST.get("category") or request.GET.get("category")
    category = Category.objects.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    units = selectors.editable_units(user=request.user)
    form = ItemForm(request.POST or None, instance=item, units=units, category=category)
    if request.method == "POST" and "refresh" not in request.POST and form.is_valid():
        try:
            saved = services.item_save(
                item=form.save(commit=False),
                by=request.user,
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
    item = selectors.item_get(user=request.user, pk=pk)
    context = {
        "item": item,
        "returns": item.returns.select_related("returned_by").order_by("-created_at", "-pk"),
        "return_form": ReturnForm(),
        "versions": item.versions.order_by("-number"),
        "attachments": item.attachments.all(),
        "can_edit": may(request.user, "bip.edit_items", item),
        "can_approve": may(request.user, "bip.approve_items", item),
        "attachment_form": AttachmentForm(),
        "reason_form": ReasonForm(),
    }
    return render(request, "bip/item_detail.html", context)


def _submit(request, item: Item) -> None:
    services.item_submit(item=item, by=request.user)


def _approve(request, item: Item) -> None:
    services.item_approve(item=item, approver=request.user)


def _publish(request, item: Item) -> None:
    services.item_publish(item=item, by=request.user)


def _remove(request, item: Item) -> None:
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.item_remove(item=item, by=request.user, reason=reason)


# The workflow steps a button posts; each service checks who may (bip.permissions) and the state.
ACTIONS = {"submit": _submit, "approve": _approve, "publish": _publish, "remove": _remove}


@require_POST
@permission_required("bip.view_items")
def item_action(request, pk: int, action: str):
    """Submit, approve, publish, remove: a refusal by the rules is a 403, by the state a message."""
    item = selectors.item_get(user=request.user, pk=pk)
    step = ACTIONS.get(action)
    if step is None:
        raise Http404
    try:
        step(request, item)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect("bip:item_detail", pk=item.pk)


@require_POST
@permission_required("bip.approve_items")
def item_return(request, pk: int):
    """An approver sends a submitted item back to its editors with a comment."""
    item = selectors.item_get(user=request.user, pk=pk, perm="bip.approve_items")
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
    item = selectors.item_get(user=request.user, pk=pk, perm="bip.edit_items")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            checked = check_upload(form.cleaned_data["file"])
            services.attachment_add(
                item=item, file=checked, title=form.cleaned_data["title"], by=request.user
            )
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
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("bip:item_detail", pk=attachment.item_id)


@permission_required("bip.manage_bulletin")
def settings_edit(request):
    form = SettingsForm(request.POST or None, instance=BulletinSettings.objects.first())
    if request.method == "POST" and form.is_valid():
        try:
            services.bulletin_settings_save(settings=form.save(commit=False), by=request.user)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("bip:settings")
    return render(request, "bip/settings.html", {"form": form}, status=400 if form.errors else 200)
