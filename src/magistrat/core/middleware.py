from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from magistrat.core.audit import audit_context
from magistrat.core.permissions import requires_two_factor


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
                return JsonResponse({"detail": "Two-factor authentication required."}, status=403)
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
