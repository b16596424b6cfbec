"""Settings, read from the environment (see README: Configuration)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The default is only for development and tests: `manage.py check --deploy` flags it.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="django-insecure-development-only-key")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its tabs patch the admin forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Search lookups and operations; harmless on SQLite (no models, no migrations).
    "django.contrib.postgres",
    "django_countries",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "simple_history",
    "axes",
    "editorial",
    "trials",
    "results",
    "glossary",
    "sync",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise and the readers' cache, so that static files and cached responses get
    # these headers too.
    "config.security.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.replicas.ReaderRequestMiddleware",
    "config.caching.ReaderCacheMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Each worker keeps its connection between requests (opening one costs more than a page).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that does not answer fails a request (and the health check) in seconds.
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", DATABASE_CONNECT_TIMEOUT
    )
# Readers' requests read from a replica when there is one (config/replicas.py); in tests it is
# the default database under another name.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", DATABASE_CONNECT_TIMEOUT
        )
DATABASE_ROUTERS = ["config.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Logins are protected against guessing: after 5 failed attempts for one username from one IP
# address, that pair is locked out for an hour (django-axes, attempts kept in the database).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# LANGUAGES drives the translated columns of every migration: change it only with a migration.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("it", _("Italian")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date formats where Django's do not write dates as the language does (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]
# The language switcher remembers the reader's choice for a year (not just the session).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files need `collectstatic`: production only (see README).
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Security headers (README: Configuration, Security headers) --------------------------------
# Behind a reverse proxy that terminates TLS, Django sees plain HTTP: the proxy must say so in a
# header, e.g. DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https.
if env.str("DJANGO_SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = tuple(env.list("DJANGO_SECURE_PROXY_SSL_HEADER"))
# Off by default: with a proxy that does not send the header above, it would redirect forever.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# Sent on HTTPS responses only. Preloading is hard to undo: it is asked for explicitly.
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cross-Origin-Resource-Policy and Permissions-Policy (config/security.py). The API stays
# readable from other origins: CORP only governs no-cors loads, CORS reads ignore it.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# What the site does not use is denied; geolocation is left to the site's own pages (near-me
# search).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (the Swagger UI starts from a script file, see
# trials/api/views.py): nonces are there for a template that cannot do without one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The site's and Swagger UI's stylesheets draw their icons as data: SVG images.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Every cookie is Secure in production, none is read by JavaScript, none goes with a
# cross-site request other than a top-level navigation.
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# modeltranslation's admin tabs need jQuery UI; serve our copy instead of its CDN default.
# modeltranslation reads this setting without its usual MODELTRANSLATION_ prefix.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

FORMS_URLFIELD_ASSUME_HTTPS = True

# Public read API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "trials.api.pagination.CappedPageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": ["trials.api.throttling.AtomicAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="120/minute")},
    "DEFAULT_SCHEMA_CLASS": "trials.api.schema.TrialSummariesSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clinical trial summaries API",
    "DESCRIPTION": "Read-only access to the plain-language trial summaries and the registry "
    "data behind them, in English, Italian, French, German and Spanish.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from validator.swagger.io: the page loads nothing from other sites.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "CtisPublicStatusEnum": "trials.models.CtisPublicStatus",
        "RecruitmentStatusEnum": "trials.models.RecruitmentStatus",
        "DateTypeEnum": "trials.models.DateType",
        "ChangeKindEnum": "trials.models.ChangeKind",
    },
}
# Other sites may embed the data: anyone may read the API from a browser.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Several workers (gunicorn -w 2, several machines) need a shared cache, Redis: the readers'
# content version and the API's rate limit are counted in it (system check config.W001).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A cache that does not answer fails in seconds, not at the OS's TCP timeout.
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", 2)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 2)
# Readers' pages and API responses are cached this long at most, and dropped at once when the
# content changes (config/caching.py); browsers and proxies may keep them READER_MAX_AGE.
READER_CACHE_SECONDS = env.int("READER_CACHE_SECONDS", default=24 * 3600)
READER_MAX_AGE = env.int("READER_MAX_AGE", default=60)

# Registry APIs (trials/importers/clients.py) -------------------------------------------------
CTGOV_API_URL = env.str("CTGOV_API_URL", default="https://clinicaltrials.gov/api/v2")
CTIS_API_URL = env.str("CTIS_API_URL", default="https://euclinicaltrials.eu/ctis-public-api")
# Named in the User-Agent of every registry request, so that a registry can reach us.
REGISTRY_CONTACT = env.str("REGISTRY_CONTACT", default="")
REGISTRY_TIMEOUT = env.float("REGISTRY_TIMEOUT", default=30.0)
REGISTRY_RETRIES = env.int("REGISTRY_RETRIES", default=4)
SYNC_PAGE_SIZE = env.int("SYNC_PAGE_SIZE", default=100)
# A followed search's lock expires after this long, should a worker die holding it.
SYNC_LOCK_SECONDS = env.int("SYNC_LOCK_SECONDS", default=6 * 3600)

# Background tasks (config/celery.py) ---------------------------------------------------------
# Without a broker, tasks run at once in the process that asks for them: nothing else to run.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "sync-followed-searches": {
        "task": "sync.tasks.sync_all_followed_searches",
        "schedule": crontab(
            hour=env.int("SYNC_HOUR", default=3), minute=env.int("SYNC_MINUTE", default=0)
        ),
    },
    # After the sync: each reader's digest of what it changed.
    "send-alert-digests": {
        "task": "alerts.tasks.send_alert_digests",
        "schedule": crontab(
            hour=env.int("ALERTS_DIGEST_HOUR", default=6),
            minute=env.int("ALERTS_DIGEST_MINUTE", default=0),
        ),
    },
}

# E-mail (alerts/) ----------------------------------------------------------------------------
# EMAIL_URL (smtp+tls://user:password@host:587, consolemail://...) or the EMAIL_HOST... variables;
# without either, messages are written to the console.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
if env.str("EMAIL_HOST", default="") and not env.str("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.str("EMAIL_HOST", default=EMAIL_CONFIG["EMAIL_HOST"] or "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=EMAIL_CONFIG["EMAIL_PORT"] or 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default=EMAIL_CONFIG["EMAIL_HOST_USER"] or "")
EMAIL_HOST_PASSWORD = env.str(
    "EMAIL_HOST_PASSWORD", default=EMAIL_CONFIG["EMAIL_HOST_PASSWORD"] or ""
)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=EMAIL_CONFIG.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=EMAIL_CONFIG.get("EMAIL_USE_SSL", False))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="alerts@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as readers reach it: e-mails link to it (https in production, where
# one-click unsubscribe needs it; check --deploy says so).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
# A confirmation link works this long; an unconfirmed subscription is deleted after it.
ALERTS_CONFIRMATION_DAYS = env.int("ALERTS_CONFIRMATION_DAYS", default=7)
# Subscription requests allowed per address and per client IP address in an hour.
ALERTS_ADDRESS_RATE = env.int("ALERTS_ADDRESS_RATE", default=3)
ALERTS_CLIENT_RATE = env.int("ALERTS_CLIENT_RATE", default=20)
# How many proxies in front of the site append to X-Forwarded-For: the client's address is
# the one they received; 0: REMOTE_ADDR (X-Forwarded-For is whatever the client wrote).
ALERTS_TRUSTED_PROXIES = env.int("ALERTS_TRUSTED_PROXIES", default=0)
