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
    if settings.AUDIT_KEY_SOURCE not in {"env", "file"} or len(settings.AUDIT_KEY) < 32:
        problems.append(
            "AUDIT_KEY is missing or too short. Set AUDIT_KEY_FILE (a file the database server cannot read, "
            "32+ random characters) or AUDIT_KEY: it signs the audit trail (decision 0007)."
        )
    elif settings.AUDIT_KEY == settings.SECRET_KEY:
        problems.append("AUDIT_KEY must differ from SECRET_KEY.")
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must list the office's host names (not '*').")
    if not settings.SESSION_COOKIE_SECURE:
        problems.append("COOKIES_SECURE is off: session cookies would travel over plain HTTP.")
    return problems
