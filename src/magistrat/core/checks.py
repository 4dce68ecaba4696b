"""Refuse to run in production with an insecure configuration."""

from django.conf import settings


def production_problems() -> list[str]:
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG is on. Unset DEBUG (or set DEBUG=0).")
    if settings.SECRET_KEY_SOURCE not in {"env", "file"} or len(settings.SECRET_KEY) < 40:
        problems.append(
            "SECRET_KEY is missing or too short. Set SECRET_KEY (50+ random characters) or SECRET_KEY_FILE."
        )
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must list the office's host names (not '*').")
    if not settings.SESSION_COOKIE_SECURE:
        problems.append("COOKIES_SECURE is off: session cookies would travel over plain HTTP.")
    return problems
