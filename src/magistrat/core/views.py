"""Sign-in with two-factor authentication, the staff home page, the audit trail, notifications."""

import base64
import json
from datetime import UTC, datetime, time

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from magistrat.core import services
from magistrat.core.account import account_links
from magistrat.core.attention import attention_for
from magistrat.core.audit import log_action
from magistrat.core.audit_display import office_timezone, present, present_one, present_stream
from magistrat.core.exports import tabular_response
from magistrat.core.forms import Form, TextRulesMixin
from magistrat.core.models import AuditEntry, Notification
from magistrat.core.permissions import permission_required, signed_in
from magistrat.core.selectors import audit_entries


class TokenForm(Form):
    token = forms.RegexField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        regex=r"^\s*\d{6,8}\s*$",
        help_text=gettext_lazy("Or one of your 8-digit backup codes."),
        error_messages={"invalid": gettext_lazy("Enter the 6 digits shown in your authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AuditFilterForm(Form):
    q = forms.CharField(label=gettext_lazy("search"), required=False)
    action = forms.CharField(label=gettext_lazy("action"), required=False)
    object_type = forms.CharField(label=gettext_lazy("object type"), required=False)
    actor = forms.CharField(label=gettext_lazy("user"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class StaffPasswordResetForm(TextRulesMixin, PasswordResetForm):
    """Also reaches invited staff who have not set a password yet (Django skips unusable passwords)."""

    def get_users(self, email):
        return get_user_model().objects.filter(email__iexact=email, is_active=True)


class LoginForm(TextRulesMixin, AuthenticationForm):
    pass


class StaffPasswordChangeForm(TextRulesMixin, PasswordChangeForm):
    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        return services.password_change(user=self.user, password=self.cleaned_data["new_password1"])


class StaffSetPasswordForm(TextRulesMixin, SetPasswordForm):
    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        return services.password_set_from_link(user=self.user, password=self.cleaned_data["new_password1"])


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _safe_next(request, default: str = "core:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


@signed_in
def two_factor(request):
    """Second step of sign-in: a TOTP code from the user's device."""
    if request.user.is_verified():
        return _safe_next(request)
    if not user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('core:two_factor_setup')}?next={request.GET.get('next', '')}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            log_action(request.user, "auth.2fa_verified")
            return _safe_next(request)
        log_action(request.user, "auth.2fa_failed")
        form.add_error("token", _("This code is wrong or has expired. Try the current one."))
    return render(request, "core/two_factor.html", {"form": form, "next": request.GET.get("next", "")})


@signed_in
def two_factor_setup(request):
    """Enrol an authenticator app: scan the QR code, confirm with one code.

    Someone who already has a device (an app, or backup codes) must prove it first, so that a
    stolen password alone never lets anyone add their own authenticator.
    """
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return redirect(f"{reverse('core:two_factor')}?next={reverse('core:two_factor_setup')}")
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        messages.info(request, _("Two-factor authentication is on."))
        return redirect("core:home")
    device = services.two_factor_pending_device(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.two_factor_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return _safe_next(request)
        form.add_error("token", _("This code is wrong or has expired. Try the current one."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "core/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "next": request.GET.get("next", "")},
    )


@signed_in
def home(request):
    return render(
        request,
        "core/home.html",
        {
            "items": attention_for(request.user),
            "account_links": account_links(),  # what the apps add (core/account.py)
            "notifications": request.user.notifications.filter(read_at__isnull=True)[:10],
        },
    )


def _audit_filters(request) -> tuple[AuditFilterForm, dict]:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in filters.items() if v}


def _filtered_entries(filters: dict):
    tz = timezone.get_current_timezone()
    return audit_entries(
        query=filters.get("q", ""),
        action=filters.get("action", ""),
        object_type=filters.get("object_type", ""),
        actor=filters.get("actor", ""),
        since=datetime.combine(filters["date_from"], time.min, tzinfo=tz) if "date_from" in filters else None,
        until=datetime.combine(filters["date_to"], time.max, tzinfo=tz) if "date_to" in filters else None,
    )


@permission_required("core.view_audit")
def audit_list(request):
    form, filters = _audit_filters(request)
    page = Paginator(_filtered_entries(filters), 50).get_page(request.GET.get("page"))
    template = "core/audit_list.html#results" if request.htmx else "core/audit_list.html"
    context = {
        "form": form,
        "page": page,
        "views": present(page.object_list),
        "time_zone": office_timezone().key,
    }
    return render(request, template, context)


@permission_required("core.export_audit")
def audit_export(request):
    """Every column twice where it matters: as stored (what the chain covers) and as read."""
    _form, filters = _audit_filters(request)
    headers = [
        _("id"),
        _("time (office time zone)"),
        _("time (UTC, as stored)"),
        _("user"),
        _("user id"),
        _("action"),
        _("action code"),
        _("object type"),
        _("object type code"),
        _("object id"),
        _("object"),
        _("changes"),
        _("changes (as stored, JSON)"),
        _("details"),
        _("details (as stored, JSON)"),
        _("IP address"),
        _("hash version"),
        _("hash"),
        _("previous hash"),
    ]
    rows = (
        [
            v.entry.id,
            v.time_text,
            v.entry.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            v.actor.text,
            v.entry.actor_id,
            v.action_label,
            v.entry.action,
            v.object_type_label,
            v.entry.object_type,
            v.entry.object_id,
            v.entry.object_repr,
            v.changes_text,
            _json(v.entry.changes),
            v.details_text,
            _json(v.entry.data),
            v.entry.ip_address,
            v.entry.hash_version,
            v.entry.hash,
            v.entry.prev_hash,
        ]
        for v in present_stream(_filtered_entries(filters).iterator(chunk_size=2000))
    )
    return tabular_response(
        name="audit-trail",
        headers=headers,
        rows=rows,
        request=request,
        action="core.audit.exported",
        filters={k: str(v) for k, v in filters.items()},
    )


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


@permission_required("core.view_audit")
def audit_detail(request, pk: int):
    entry = get_object_or_404(AuditEntry, pk=pk)
    raw = {
        "created_at": entry.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "data": entry.data,
        "ip_address": entry.ip_address,
    }
    context = {
        "entry": entry,
        "view": present_one(entry),
        "raw": json.dumps(raw, ensure_ascii=False, indent=2, sort_keys=True),
        "time_zone": office_timezone().key,
    }
    return render(request, "core/audit_detail.html", context)


@signed_in
def notification_list(request):
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("page"))
    return render(request, "core/notification_list.html", {"page": page})


@require_POST
@signed_in
def notification_read(request, pk: int):
    notification = services.notification_mark_read(
        notification=get_object_or_404(Notification, pk=pk, user=request.user)
    )
    if request.htmx:
        return render(request, "core/notification_list.html#item", {"n": notification})
    return redirect(notification.url or "core:notification_list")
