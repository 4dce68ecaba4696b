"""Magistrat settings: one file, configured from environment variables only.

See README "Configuration" for every variable. With nothing set, Magistrat runs on an
embedded SQLite database in DATA_DIR, which is what `magistrat demo` uses.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# "production" is what `magistrat serve` runs in; it refuses an insecure configuration
# (see magistrat.core.checks.production_problems). "demo" and "development" are for a laptop.
MAGISTRAT_ENV = os.environ.get("MAGISTRAT_ENV", "development")
PRODUCTION = MAGISTRAT_ENV == "production"
# pytest sets PYTEST_VERSION, so the suite never needs a hand-set variable.
TESTING = MAGISTRAT_ENV == "test" or "PYTEST_VERSION" in os.environ

DATA_DIR = Path(os.environ.get("DATA_DIR", Path.cwd() / "data")).resolve()
DEBUG = env_bool("DEBUG", default=False)


def _key(name: str) -> tuple[str, str]:
    """A key from the environment (`NAME`, or a file named by `NAME_FILE`), and where it came from:
    env, file, missing (production never makes one up) or generated (kept in DATA_DIR)."""
    if value := os.environ.get(name):
        return value, "env"
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text(encoding="utf-8").strip(), "file"
    if PRODUCTION:
        return "", "missing"
    # Embedded default: a random key generated on first run and kept in DATA_DIR.
    # Written aside and linked into place, so processes starting together all read the one key.
    key_file = DATA_DIR / name.lower()
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        draft = DATA_DIR / f".{name.lower()}.{os.getpid()}"
        draft.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        draft.chmod(0o600)
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass  # another process was first: its key is the key
        finally:
            draft.unlink()
    return key_file.read_text(encoding="utf-8").strip(), "generated"


SECRET_KEY, SECRET_KEY_SOURCE = _key("SECRET_KEY")
# The audit trail's HMAC key (decision 0007): kept outside the database, never the secret key.
AUDIT_KEY, AUDIT_KEY_SOURCE = _key("AUDIT_KEY")
# Signed anchors (entry count and head hash) are appended here; empty: DATA_DIR/audit-anchors.jsonl.
AUDIT_ANCHOR_FILE = os.environ.get("AUDIT_ANCHOR_FILE", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "magistrat.core",
    "magistrat.org",
    "magistrat.quality",
    "magistrat.registers",
    "magistrat.feedback",
    "magistrat.services",
    "magistrat.isms",
    "magistrat.bip",
    "magistrat.competence",
    "magistrat.performance",
    "magistrat.audits",
    "magistrat.comms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",  # Django's form templates, found through TEMPLATES (core/renderers.py)
    "corsheaders",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost: keeps finished public BIP pages for the WSGI entry point to serve (bip/pagecache.py).
    "magistrat.bip.pagecache.PageCacheMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "magistrat.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "magistrat.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "magistrat.core.middleware.OfficeLanguageMiddleware",
    # Every error under /api/ as the API's JSON (after the language is chosen, for its message).
    "magistrat.api.middleware.ApiErrorMiddleware",
    "django.middleware.common.CommonMiddleware",
    # No control characters in addresses; pages take form encodings only (415). Before the CSRF
    # check, so that a JSON body posted to a page gets the clearer message.
    "magistrat.core.middleware.RequestShapeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "magistrat.core.middleware.RequestContextMiddleware",
    "magistrat.core.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "magistrat.urls"
# Every form: "(optional)" on optional fields, a linked error summary, templates overridable in templates/.
FORM_RENDERER = "magistrat.core.renderers.FormRenderer"
WSGI_APPLICATION = "magistrat.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "magistrat.core.context_processors.magistrat",
                "magistrat.org.context_processors.office",
                "magistrat.bip.context_processors.bulletin",
            ],
            "builtins": ["magistrat.core.templatetags.magistrat"],
        },
    }
]

# Database: PostgreSQL in production (DATABASE_URL), embedded SQLite otherwise.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(DATA_DIR / "magistrat.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE: writers take the lock at BEGIN, so concurrent requests queue
                # instead of failing with "database is locked" half-way through.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": os.environ.get("SQLITE_TEST_PATH") or None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict]
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "bip": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bip",
        },
    }
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Rendered BIP pages, shared by every worker of this server (bip/pagecache.py).
        "bip": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
            if TESTING
            else "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": "bip" if TESTING else str(DATA_DIR / "bip-cache"),
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        },
    }
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if TESTING:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Authentication: django-axes first so that locked-out users never reach the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "magistrat.core.passwords.CharacterClassValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0")) or None
AXES_VERBOSE = False

OTP_TOTP_ISSUER = os.environ.get("OTP_ISSUER", "Magistrat")

# Sessions and cookies: stateless app servers, sessions in the database.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool("COOKIES_SECURE", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: no inline scripts or styles, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"

# Internationalisation: the staff UI speaks Polish by default.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even when serving from finders
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAGISTRAT_IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# Documents staff attach (evidence, attachments): larger files are refused with a message.
MAGISTRAT_UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

# E-mail (Django 6.1 MAILERS). Without EMAIL_HOST outside production, mail is printed to the console.
_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION or os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if _EMAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "magistrat@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAGISTRAT_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")

# Deadlines: how many working days before the due date an item counts as "due soon".
MAGISTRAT_DUE_SOON_DAYS = int(os.environ.get("DUE_SOON_DAYS", "3"))
# Live ratings one kiosk may send per minute (a tablet at a busy hall exit stays far below 30).
MAGISTRAT_KIOSK_RATINGS_PER_MINUTE = int(os.environ.get("KIOSK_RATINGS_PER_MINUTE", "30"))

# CORS: the read-only public API (BIP, service catalogue) may be read from any web page;
# nothing else is shared with other origins.
CORS_URLS_REGEX = r"^/api/v1/(bip|public)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
# A directory kept as a static mirror of the public BIP, updated on each publication (bip/mirror.py).
MAGISTRAT_BIP_STATIC_MIRROR = os.environ.get("BIP_STATIC_MIRROR", "")
# Public API requests per client address (django-ninja throttling), e.g. "600/m".
MAGISTRAT_PUBLIC_API_RATE = os.environ.get("PUBLIC_API_RATE", "600/m")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "weasyprint", "fontTools")},
}
