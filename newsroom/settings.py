"""Newsroom settings, read from the environment.

With no environment at all the project runs on its embedded default: SQLite and uploaded files in
the data folder, a local-memory cache, and Celery tasks executed eagerly in-process. Production
chooses PostgreSQL, Redis and real workers through the variables documented in the README.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from newsroom.database_settings import databases_from_environment
from newsroom.observability import logging_config, measured, sentry_from_environment
from newsroom.storage_settings import storages_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# The embedded default's local file (`make run` writes it: see newsroom/local_env.py). Variables
# already in the environment win; ENV_FILE="" reads none.
ENV_FILE = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE)

# --- Core -------------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)

# The data folder holds the SQLite database and uploaded or generated files. It is never the
# source tree's `media/` package.
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "var")))

DEVELOPMENT_SECRET_KEY = "django-insecure-newsroom-development-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set SECRET_KEY to a long random value for production, "
        "or set DEBUG=true to run with the development key."
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, with the editor's desk as its home (articles/desk.py).
    "articles.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "corsheaders",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # /health/live and /health/ready (newsroom/health.py).
    "health_check",
    "media.apps.MediaConfig",
    "articles.apps.ArticlesConfig",
    "distribution.apps.DistributionConfig",
    # The load-test archive generator (`manage.py generate_archive`); no models, no routes.
    "loadtest.apps.LoadtestConfig",
]

MIDDLEWARE = [
    # Each request's id, for the logs and the X-Request-ID answer header.
    "newsroom.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.ServiceUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Cached public API answers, before the middleware they do not need.
    "articles.middleware.PublicAnswerMiddleware",
    # The editor's language in the admin and previews; the public answers in LANGUAGE_CODE.
    "newsroom.middleware.InterfaceLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated failed logins lock that username from that address for a while.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "newsroom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

DATABASES = databases_from_environment(env, DATA_DIR)
if "DATABASE_URL" not in env.ENVIRON:
    DATA_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------

if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
elif env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Files ------------------------------------------------------------------------------------

MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATIC_URL = "static/"

# Photo files: originals (private) and renditions (public), each a storage alias (media/storage.py).
# Local files under MEDIA_ROOT by default; S3-compatible object storage when MEDIA_S3_BUCKET is set.
STORAGES = storages_from_environment(env)

# Upload limits; the photo validation in `media` reads these too.
PHOTO_MAX_UPLOAD_BYTES = env.int("PHOTO_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=100_000_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Renditions: responsive widths in each format, and named crops around the focal point. AVIF is
# made only where the installed Pillow can encode it.
MEDIA_RENDITION_WIDTHS = env.list(
    "MEDIA_RENDITION_WIDTHS", cast=int, default=[320, 640, 1024, 1600, 2048]
)
MEDIA_RENDITION_FORMATS = env.list("MEDIA_RENDITION_FORMATS", default=["jpeg", "webp", "avif"])
MEDIA_RENDITION_CROPS = {
    "card": {"size": [1280, 720], "formats": ["jpeg", "webp"]},
    "square": {"size": [800, 800], "formats": ["jpeg", "webp"]},
    "social": {"size": [1200, 630], "formats": ["jpeg"]},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)

# --- Celery -----------------------------------------------------------------------------------

# No broker means no workers: tasks run eagerly in-process, right after the transaction that
# enqueued them commits. Setting CELERY_BROKER_URL hands them to real workers.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "media.generate_renditions": {"queue": "renditions"},
    "distribution.deliver": {"queue": "deliveries"},
}
# Fail fast when the broker is down: the save goes on and reconciliation enqueues the job later.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task not acknowledged within this time is redelivered; it must exceed the hard time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT * 4),
    # How often a worker looks for tasks whose worker died, to deliver them again.
    "unacked_restore_interval": env.int("CELERY_REDELIVERY_CHECK_SECONDS", default=60),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 10,
}
CELERY_TIMEZONE = "UTC"
# Celery's Django support closes the database connection around every task unless this is set;
# newsroom/celery.py closes them as Django does instead (unusable or past CONN_MAX_AGE).
CELERY_DB_REUSE_MAX = 1_000_000

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-gb")
# The interface's languages (the admin's language switch offers these; the browser's choice
# among them is honoured). Newsroom's own strings are translated in locale/<code>/; Django's
# own admin strings come translated in all of them.
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("pt", "Português"),
    ("sv", "Svenska"),
    ("da", "Dansk"),
    ("nb", "Norsk bokmål"),
    ("fi", "Suomi"),
    ("pl", "Polski"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
# Times in the admin carry their zone (newsroom/formats/).
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_I18N = True
USE_TZ = True

# --- Security ---------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
    if env.str("SECURE_PROXY_SSL_HEADER", default=""):
        SECURE_PROXY_SSL_HEADER = (env.str("SECURE_PROXY_SSL_HEADER"), "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the processes directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- REST framework ---------------------------------------------------------------------------

_ANON_RATE = env.str("API_ANON_RATE", default="600/minute")
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # API_ANON_RATE="" turns throttling off (for example behind a proxy that limits rates).
    "DEFAULT_THROTTLE_CLASSES": (
        ["newsroom.throttling.ResilientAnonRateThrottle"] if _ANON_RATE else []
    ),
    "DEFAULT_THROTTLE_RATES": {"anon": _ANON_RATE or None},
    # How many proxies in front add themselves to X-Forwarded-For; 0 trusts none of it, so that
    # a client cannot pick its own address for the rate limit.
    "NUM_PROXIES": env.int("API_TRUSTED_PROXIES", default=0),
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": "Published stories: lists, details, IPTC ninjs and feeds. Read-only.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Public API -------------------------------------------------------------------------------

API_CACHE_CONTROL = env.str(
    "API_CACHE_CONTROL", default="public, max-age=60, stale-while-revalidate=300"
)
# How long a serialised story stays in the cache; its key changes with every change anyway.
# 0 turns the cache off.
# Off by default without a shared cache: a process's local memory would not hear of changes
# made through another process.
_SHARED_CACHE = bool(env.str("CACHE_URL", default="") or env.str("REDIS_URL", default=""))
API_DETAIL_CACHE_SECONDS = env.int(
    "API_DETAIL_CACHE_SECONDS", default=300 if _SHARED_CACHE or DEBUG else 0
)
# With Redis, each web process keeps copies of up to this many hot public entries and their
# generations, which Redis invalidates as they change: a warm request costs no round trip.
CACHE_LOCAL_COPIES = env.bool("CACHE_LOCAL_COPIES", default=True)
CACHE_LOCAL_ENTRIES = env.int("CACHE_LOCAL_ENTRIES", default=5000)
PUBLIC_STORY_URL_TEMPLATE = env.str(
    "PUBLIC_STORY_URL_TEMPLATE", default="https://news.example.org/{slug}/"
)
PUBLISHER_NAME = env.str("PUBLISHER_NAME", default="Newsroom")
PUBLIC_SITE_URL = env.str("PUBLIC_SITE_URL", default="https://news.example.org/")
# ninjs item URIs identify stories and photos by id under this base: {base}story/42.
NINJS_URI_BASE = env.str("NINJS_URI_BASE", default=f"{PUBLIC_SITE_URL.rstrip('/')}/id/")
# Largest wire file or ninjs document the ingest API accepts.
INGEST_MAX_BYTES = env.int("INGEST_MAX_BYTES", default=1024 * 1024)
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/(api|feeds)/.*$"

# --- Logging ----------------------------------------------------------------------------------

# LOG_FORMAT=json: one JSON object per line, with the request's and the task's id
# (newsroom/observability.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain").strip().lower() or "plain"
LOGGING = logging_config(LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"))
# Workers log through the same handler (Celery would otherwise replace it with its own).
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT == "plain"

# --- Metrics ------------------------------------------------------------------------------------

# Prometheus metrics at /metrics (newsroom/metrics.py). Keep that path off the public proxy.
METRICS_ENABLED = env.bool("METRICS_ENABLED", default=False)
if METRICS_ENABLED:
    INSTALLED_APPS, MIDDLEWARE = measured(INSTALLED_APPS, MIDDLEWARE, DATABASES, CACHES)

# --- Errors -------------------------------------------------------------------------------------

# SENTRY_DSN set: errors of requests and tasks go to Sentry (newsroom/observability.py).
sentry_from_environment(env)

# --- Editorial ---------------------------------------------------------------------------------

# An editor's "being edited by" notice disappears after this many seconds without activity.
EDITING_PRESENCE_SECONDS = env.int("EDITING_PRESENCE_SECONDS", default=180)
# How long a shared preview link of an unpublished story stays valid.
PREVIEW_LINK_MAX_AGE_SECONDS = env.int("PREVIEW_LINK_MAX_AGE_SECONDS", default=3 * 24 * 3600)

CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-stories": {"task": "articles.publish_scheduled", "schedule": 60.0},
    "reconcile-reading-times": {"task": "articles.reconcile_reading_times", "schedule": 300.0},
    "reconcile-renditions": {"task": "media.reconcile_renditions", "schedule": 300.0},
    "renew-public-cache": {"task": "articles.renew_public_cache", "schedule": 60.0},
    "relay-events": {"task": "distribution.relay", "schedule": 5.0},
    "reconcile-deliveries": {"task": "distribution.reconcile", "schedule": 30.0},
}
READING_WORDS_PER_MINUTE = env.int("READING_WORDS_PER_MINUTE", default=200)

# --- Distribution (subscribers, deliveries; see distribution/) ---------------------------------

# Absolute links in deliveries (the story's API URL, photo files) start with this.
PUBLIC_API_URL = env.str("PUBLIC_API_URL", default="http://localhost:8000/")
# Networks deliveries may go to although they are not public (CIDR, comma-separated), e.g. an
# operator's own receivers; plain http is allowed only there.
DISTRIBUTION_ALLOWED_NETWORKS = env.list("DISTRIBUTION_ALLOWED_NETWORKS", default=[])
DISTRIBUTION_CONNECT_TIMEOUT = env.float("DISTRIBUTION_CONNECT_TIMEOUT", default=5.0)
DISTRIBUTION_READ_TIMEOUT = env.float("DISTRIBUTION_READ_TIMEOUT", default=10.0)
# A failed delivery is tried again after BASE·2ⁿ seconds (at most MAX, with jitter) until this
# many seconds have passed since its first attempt; then it is a dead letter.
DISTRIBUTION_RETRY_FOR = env.int("DISTRIBUTION_RETRY_FOR", default=24 * 3600)
DISTRIBUTION_BACKOFF_BASE = env.float("DISTRIBUTION_BACKOFF_BASE", default=5.0)
DISTRIBUTION_BACKOFF_MAX = env.float("DISTRIBUTION_BACKOFF_MAX", default=3600.0)
DISTRIBUTION_MAX_IN_FLIGHT = env.int("DISTRIBUTION_MAX_IN_FLIGHT", default=4)
DISTRIBUTION_LEASE_SECONDS = env.int("DISTRIBUTION_LEASE_SECONDS", default=60)
# A pending delivery this many seconds overdue is handed to the workers again by beat.
DISTRIBUTION_RECONCILE_GRACE = env.int("DISTRIBUTION_RECONCILE_GRACE", default=30)
