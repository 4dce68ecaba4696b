"""The mayor's orders (recorded as signed, never approved here) and the external documents register."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.permissions import may, object_permission_required, permission_required
from magistrat.core.uploads import check_upload
from magistrat.quality import document_selectors as selectors
from magistrat.quality.document_forms import ExternalForm, OrderForm
from magistrat.quality.models import ExternalDocument
from magistrat.quality.services import registers as services

MANAGE, VIEW = "quality.manage_quality", "quality.view_quality"


@permission_required(VIEW)
def order_list(request):
    query = request.GET.get("q", "").strip()[:100]
    in_force = request.GET.get("in_force") == "1"
    orders = selectors.orders_visible(request.user)
    if query:
        orders = orders.filter(Q(number__icontains=query) | Q(title__icontains=query))
    if in_force:
        orders = orders.filter(repealed_by__isnull=True)
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "quality/order_list.html",
        {"page": page, "q": query, "in_force": in_force, "can_manage": may(request.user, MANAGE)},
    )


@permission_required(MANAGE)
def order_create(request):
    form = OrderForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            checked = check_upload(upload) if upload else None
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            try:
                order = services.order_register(by=request.user, file=checked, **data)
            except ServiceError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("Order registered."))
                return redirect("quality:order_detail", pk=order.pk)
    return render(
        request,
        "quality/form_page.html",
        {
            "form": form,
            "title": _("Register a mayor's order"),
            "back": reverse("quality:order_list"),
            "submit": _("Register"),
            "multipart": True,
        },
        status=400 if form.errors else 200,
    )


@object_permission_required(VIEW)
def order_detail(request, pk: int):
    order = selectors.order_get(user=request.user, pk=pk)
    return render(request, "quality/order_detail.html", {"order": order, "repeals": order.repeals.all()})


@object_permission_required(VIEW)
def order_download(request, pk: int):
    order = selectors.order_get(user=request.user, pk=pk)
    if not order.file:
        raise Http404
    try:
        handle = order.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    log_action(order, "quality.order.downloaded", data={"number": order.number})
    return FileResponse(handle, as_attachment=True, filename=order.filename, content_type=order.content_type)


@permission_required(VIEW)
def external_list(request):
    query = request.GET.get("q", "").strip()[:100]
    externals = selectors.externals_visible(request.user)
    if query:
        externals = externals.filter(
            Q(title__icontains=query) | Q(reference__icontains=query) | Q(issuer__icontains=query)
        )
    if request.GET.get("withdrawn") != "1":
        externals = externals.filter(withdrawn=False)
    page = Paginator(externals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "quality/external_list.html",
        {
            "page": page,
            "q": query,
            "withdrawn": request.GET.get("withdrawn") == "1",
            "can_manage": may(request.user, MANAGE),
        },
    )


@permission_required(MANAGE)
def external_create(request):
    return _external_page(request, ExternalDocument())


@object_permission_required(MANAGE)
def external_edit(request, pk: int):
    external = selectors.external_get(user=request.user, pk=pk)
    if not may(request.user, MANAGE, external):
        raise Http404
    return _external_page(request, external)


def _external_page(request, external: ExternalDocument):
    pk = external.pk
    form = ExternalForm(request.POST or None, instance=external)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_save(external=form.save(commit=False), by=request.user)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("External document saved."))
            return redirect("quality:external_list")
    return render(
        request,
        "quality/form_page.html",
        {
            "form": form,
            "title": _("Change the external document") if pk else _("Register an external document"),
            "back": reverse("quality:external_list"),
            "submit": _("Save"),
        },
        status=400 if form.errors else 200,
    )
