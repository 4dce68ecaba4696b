from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from magistrat.core.audit import audit_context
from magistrat.core.permissions import requires_two_factor
from magistrat.core.text import has_control_characters


def client_ip(request) -> str | None:
    """The client's address; behind PROXY_COUNT trusted proxies, taken from X-Forwarded-For."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class HealthCheckMiddleware:
    """/health/ for load balancers: answers before host checks, sessions or auth; checks the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/health/":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return JsonResponse({"status": "ok", "database": "ok"})
        except Exception:  # noqa: BLE001 - any database failure means "unhealthy"
            return JsonResponse({"status": "error", "database": "unavailable"}, status=503)


class PermissionsPolicyMiddleware:
    """Switch off browser features the staff UI never uses (camera, microphone, geolocation, …)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestContextMiddleware:
    """Every audit entry written while serving a request names its user and IP address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit_context(user=request.user, ip_address=client_ip(request)):
            return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Users holding a role that requires 2FA see nothing but the 2FA pages until verified."""

    ALLOWED_PREFIXES = ("/static/", "/i18n/", "/health/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and request.path not in self._two_factor_paths()
            and requires_two_factor(user)
        ):
            if request.path.startswith("/api/"):
                message = _("Two-factor authentication is required: sign in with your code first.")
                return JsonResponse({"detail": message, "field": None}, status=403)
            return redirect(f"{reverse('core:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _two_factor_paths() -> set[str]:
        return {reverse("core:two_factor"), reverse("core:two_factor_setup"), reverse("core:logout")}


class OfficeLanguageMiddleware(LocaleMiddleware):
    """Polish unless the user chose otherwise (the language switch sets a cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: an office's
    system speaks the office's language by default, whatever the workstation is set to.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class RequestShapeMiddleware:
    """Refuse, before any view runs, requests that no page can read correctly.

    - An address with a control character (core.text): 404 for one in the path (no page has such an
      address; under /api/ too), 400 for one in the query string of a page. Views pass query values
      such as `?q=` to the database, and PostgreSQL cannot take a NUL byte (it was a 500). The API
      checks its own declared parameters (422 with the field named) and ignores the others.
    - A body posted to a page in another format than a browser form sends: 415. Django reads form
      fields only from the two form encodings, so a JSON or text/plain body came out as an empty
      form and was answered with the blank form and 200, as if accepted. Views exempt from the CSRF
      check are not form pages (the API, the kiosk pairing): they read their own formats.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if has_control_characters(request.path):
            raise Http404
        if not request.path.startswith("/api/") and has_control_characters(list(request.GET.lists())):
            return _refused(
                request,
                400,
                _("The address contains control characters"),
                _("Remove the control characters (such as a NUL byte) from the address and try again."),
            )
        if request.method not in ("POST", "PUT", "PATCH") or getattr(view_func, "csrf_exempt", False):
            return None
        try:
            has_body = int(request.META.get("CONTENT_LENGTH") or 0) > 0
        except ValueError:
            has_body = True
        if not has_body or request.content_type in FORM_CONTENT_TYPES:
            return None
        return _refused(
            request,
            415,
            _("The form was not sent by a web form"),
            _(
                "This page takes what a form in a web browser sends; the data came in another "
                "format (%(type)s), so nothing was read or saved. Fill in the form on the page and "
                "send it again. Programs use the JSON API at /api/v1/."
            )
            % {"type": request.content_type or _("no type given")},
        )


def _refused(request, status: int, heading: str, message: str):
    return render(request, "request_refused.html", {"heading": heading, "message": message}, status=status)
