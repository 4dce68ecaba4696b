"""Staff editing of the service catalogue, with versions and their differences."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.permissions import permission_required
from magistrat.services import selectors, services
from magistrat.services.forms import ServiceForm
from magistrat.services.models import ServiceVersion


@permission_required("services.manage_catalogue")
def service_list(request):
    return render(
        request, "services/service_list.html", {"services": selectors.managed_services(user=request.user)}
    )


@permission_required("services.manage_catalogue")
def service_edit(request, slug: str | None = None):
    service = selectors.managed_service_get(user=request.user, slug=slug) if slug else None
    current = service.current if service else None
    initial = (
        {"slug": service.slug, "unit": service.unit_id, "is_published": service.is_published}
        if service
        else {}
    )
    if current is not None:
        initial |= {f: getattr(current, f) for f in ServiceVersion.CONTENT_FIELDS}
    form = ServiceForm(
        request.POST or None,
        initial=initial,
        units=selectors.managed_units(user=request.user),
        editing=service is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = {f: data.get(f) for f in (*ServiceVersion.CONTENT_FIELDS, "change_note")}
        try:
            if service is None:
                service = services.service_create(
                    slug=data["slug"], unit=data["unit"], content=content, user=request.user
                )
            elif (
                services.service_update(
                    service=service,
                    unit=data["unit"],
                    is_published=data["is_published"],
                    content=content,
                    user=request.user,
                )
                is None
            ):
                messages.info(request, _("Nothing in the card changed; no new version."))
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Service card saved."))
            return redirect("services:service_history", slug=service.slug)
    return render(request, "services/service_form.html", {"form": form, "service": service})


@permission_required("services.manage_catalogue")
def service_history(request, slug: str):
    service = selectors.managed_service_get(user=request.user, slug=slug)
    return render(
        request,
        "services/service_history.html",
        {"service": service, "history": selectors.service_history(service)},
    )
