"""Staff pages of the petitions register (ustawa o petycjach)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from magistrat.core.cases.views import CaseAction
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import permission_required
from magistrat.core.uploads import check_upload
from magistrat.registers import selectors, services
from magistrat.registers.forms import PetitionCloseForm, PetitionExtendForm, PetitionForm, PetitionUpdateForm
from magistrat.registers.models import Petition
from magistrat.registers.views.common import assign_action, list_filters, register_pages


def _register(*, by, scan=None, **data) -> Petition:
    """The form's scan goes through the upload checks first (a disguised file is refused)."""
    checked = check_upload(scan, kinds=("pdf", "png", "jpeg")) if scan else None
    return services.petition_register(scan=checked, by=by, **data)


ACTIONS = {
    "assign": assign_action("registers:petition_detail", services.petition_assign, "petition"),
    "update": CaseAction(PetitionUpdateForm, services.petition_update, "petition"),
    "extend": CaseAction(PetitionExtendForm, services.petition_extend, "petition"),
    "close": CaseAction(PetitionCloseForm, services.petition_close, "petition"),
}
petition_register, petition_detail, petition_action = register_pages(
    Petition,
    "petition",
    get=selectors.petition_get,
    form=PetitionForm,
    register=_register,
    actions=ACTIONS,
    received="filed_at",
    success=_lazy("Registered as %(number)s and published on the BIP."),
    context=lambda petition: {"petition": petition, "updates": petition.updates.all()},
)


@permission_required("registers.view_requests")
def petition_list(request):
    filters = list_filters(request, "registers.view_requests")
    petitions = selectors.petition_list(
        user=request.user, state=filters["state"], unit_ids=filters["unit_ids"]
    )
    page = Paginator(petitions, 30).get_page(request.GET.get("page"))
    last_year = timezone.localdate().year - 1
    return render(
        request,
        "registers/petition_list.html",
        {"page": page, "state": filters["state"], "last_year": last_year},
    )


@require_POST
@permission_required("bip.edit_items")
def petition_summary(request, year: int):
    """Draft the yearly summary (art. 14) as a BIP item; it is published through the BIP workflow."""
    try:
        item = services.petition_summary_draft(year=year, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("registers:petition_list")
    messages.success(request, _("The summary is ready as a BIP draft: submit it for approval."))
    return redirect("bip:item_detail", pk=item.pk)
