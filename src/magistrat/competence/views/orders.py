"""The head's order on periodic assessments (art. 28): its versions and a new version."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.competence import selectors
from magistrat.competence.forms import OrderForm
from magistrat.competence.models import AssessmentOrder
from magistrat.competence.services import orders as services
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.permissions import has_perm, permission_required


@permission_required("competence.view_competence")
def order_list(request):
    context = {
        "orders": selectors.orders(),
        "current": AssessmentOrder.in_force(timezone.localdate()),
        "can_manage": has_perm(request.user, "competence.manage_competence"),
    }
    return render(request, "competence/order_list.html", context)


@permission_required("competence.view_competence")
def order_detail(request, version: int):
    order = get_object_or_404(AssessmentOrder, version=version)
    return render(
        request,
        "competence/order_detail.html",
        {"order": order, "bases": dict(AssessmentOrder.Basis.choices)},
    )


@permission_required("competence.manage_competence")
def order_create(request):
    current = AssessmentOrder.in_force(timezone.localdate())
    form = OrderForm(request.POST or None, initial=OrderForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, _("Version %(version)d of the order saved.") % {"version": order.version}
            )
            return redirect("competence:order_detail", version=order.version)
    return render(request, "competence/order_form.html", {"form": form}, status=400 if form.errors else 200)
