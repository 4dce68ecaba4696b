"""Service points, their kiosk devices (a token or a one-time pairing code) and the QR sheet."""

from datetime import datetime

import segno
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import permission_required
from magistrat.feedback import selectors
from magistrat.feedback.forms import DeviceForm, ServicePointForm
from magistrat.feedback.models import KioskDevice
from magistrat.feedback.services import devices, points
from magistrat.org.selectors import current_office


@permission_required("feedback.manage_points")
def point_list(request):
    return render(request, "feedback/point_list.html", {"points": selectors.point_list(user=request.user)})


@permission_required("feedback.manage_points")
def point_edit(request, code: str | None = None):
    point = selectors.point_get(user=request.user, code=code) if code else None
    form = ServicePointForm(request.POST or None, instance=point)
    if point is not None:
        form.fields["code"].disabled = True  # printed on QR sheets: a code never changes
    if request.method == "POST" and form.is_valid():
        point = points.point_save(point=form.save(commit=False), user=request.user)
        messages.success(request, _("Service point %(code)s saved.") % {"code": point.code})
        return redirect("feedback:point_detail", code=point.code)
    return render(request, "feedback/point_form.html", {"form": form, "point": point})


@permission_required("feedback.manage_points")
def point_detail(request, code: str):
    point = selectors.point_get(user=request.user, code=code)
    rate_url = request.build_absolute_uri(f"/ocena/{point.code}/")
    return render(
        request,
        "feedback/point_detail.html",
        {
            "point": point,
            "devices": point.devices.order_by("-created_at"),
            "device_form": DeviceForm(),
            "pair_form": DeviceForm(prefix="pair"),
            "rate_url": rate_url,
            "token": request.session.pop("kiosk_token", None),
            "pairing": _pairing_shown(request),
            "pairing_minutes": devices.PAIRING_MINUTES,
        },
    )


def _pairing_shown(request) -> dict | None:
    """The pairing code issued on the previous request, shown once: link, QR code, code, expiry."""
    issued = request.session.pop("kiosk_pairing", None)
    if not issued:
        return None
    link = request.build_absolute_uri(reverse("kiosk") + "?pair=" + issued["code"])
    return {
        "code": issued["code"],
        "link": link,
        "expires_at": datetime.fromisoformat(issued["expires_at"]),
        "qr_svg": segno.make(link, error="m").svg_inline(scale=5, dark="#000", light="#fff"),
    }


@require_POST
@permission_required("feedback.manage_points")
def device_pair(request, code: str):
    """A one-time pairing link and code for a tablet at this point (instead of typing a token)."""
    point = selectors.point_get(user=request.user, code=code)
    form = DeviceForm(request.POST, prefix="pair")
    if form.is_valid():
        try:
            pairing, pairing_code = devices.kiosk_pairing_issue(
                point=point, name=form.cleaned_data["name"], user=request.user
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            # shown once on the next page; only its hash is stored
            request.session["kiosk_pairing"] = {
                "code": pairing_code,
                "expires_at": pairing.expires_at.isoformat(),
            }
    else:
        messages.error(request, _("Give the device a name."))
    return redirect("feedback:point_detail", code=point.code)


@require_POST
@permission_required("feedback.manage_points")
def device_issue(request, code: str):
    point = selectors.point_get(user=request.user, code=code)
    form = DeviceForm(request.POST)
    if form.is_valid():
        _device, token = devices.device_issue(point=point, name=form.cleaned_data["name"], user=request.user)
        request.session["kiosk_token"] = token  # shown once on the next page, never stored in clear
    else:
        messages.error(request, _("Give the device a name."))
    return redirect("feedback:point_detail", code=point.code)


@require_POST
@permission_required("feedback.manage_points")
def device_revoke(request, code: str, pk: int):
    point = selectors.point_get(user=request.user, code=code)
    device = get_object_or_404(KioskDevice, pk=pk, point=point)
    devices.device_revoke(device=device, user=request.user)
    messages.success(request, _("Device %(name)s can no longer send ratings.") % {"name": device.name})
    return redirect("feedback:point_detail", code=code)


@permission_required("feedback.view_responses")
def point_sheet(request, code: str):
    """A printable A4 sheet for the desk: the QR code and short link to its rating page. For the
    points of the user's units; another unit's point: 404."""
    point = selectors.point_get(user=request.user, code=code, perm="feedback.view_responses")
    url = request.build_absolute_uri(f"/ocena/{point.code}/")
    qr_svg = segno.make(url, error="m").svg_inline(scale=8, dark="#000", light="#fff")
    return pdf_response(
        request,
        template="feedback/sheet.html",
        filename=f"ocena-{point.code}",
        context={"point": point, "url": url, "qr_svg": qr_svg, "office": current_office()},
        action="feedback.servicepoint.sheet_printed",
        data={"point": point.code},
    )
