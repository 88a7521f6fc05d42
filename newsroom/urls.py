from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views.defaults import bad_request, page_not_found
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from newsroom.health import LiveView, ReadyView


def not_found(request, exception=None):
    """JSON for API clients, Django's page for everyone else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def refused(request, exception=None):
    """A request Django itself refuses (too many parameters, a disallowed host, a suspicious
    operation): JSON for API clients, as every other API error, Django's page for everyone
    else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return bad_request(request, exception)


handler404 = not_found
handler400 = refused


urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    # The admin's language switch (Django's set_language view, POST only).
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/live", LiveView.as_view(), name="health-live"),
    path("health/ready", ReadyView.as_view(), name="health-ready"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("articles.urls")),
    path("", include("distribution.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.METRICS_ENABLED:
    from newsroom import metrics

    metrics.register()
    urlpatterns += [path("metrics", metrics.export, name="metrics")]
