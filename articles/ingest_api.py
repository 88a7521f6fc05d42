"""`POST /api/v1/ingest/`: wire copy or a ninjs document in, through the importer; for users
in the Ingest group, by token."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.views import APIView

from . import schema
from .api import json_response
from .filters import whole_number
from .ingest import ingest_story
from .loading import IngestInputError, read_story
from .services import ArticleConflict


class IsInIngestGroup(BasePermission):
    message = "This token's user is not in the Ingest group."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.groups.filter(name="Ingest").exists())


class IngestView(APIView):
    """Wire copy (text/plain) or a ninjs document (application/json) in; a story out."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsInIngestGroup]
    parser_classes = []
    http_method_names = ["post", "options"]

    @extend_schema(
        operation_id="ingest_create",
        summary="Import wire copy or a ninjs document",
        request={"text/plain": OpenApiTypes.STR, "application/json": OpenApiTypes.OBJECT},
        responses={
            200: schema.IngestResultSerializer,
            201: schema.IngestResultSerializer,
            400: schema.ErrorSerializer,
            401: schema.ErrorSerializer,
            403: schema.ErrorSerializer,
            409: schema.ErrorSerializer,
            413: schema.ErrorSerializer,
        },
    )
    def post(self, request):
        limit = settings.INGEST_MAX_BYTES
        declared = whole_number(request.META.get("CONTENT_LENGTH") or "0")
        if declared is None or declared > limit:
            return json_response({"detail": f"The body is larger than {limit} bytes."}, status=413)
        data = request._request.read(limit + 1)
        if len(data) > limit:
            return json_response({"detail": f"The body is larger than {limit} bytes."}, status=413)
        try:
            story = read_story(data, content_type=request.content_type or "")
            result = ingest_story(story, user=request.user)
        except IngestInputError as error:
            return json_response({"detail": str(error)}, status=400)
        except ArticleConflict as error:
            return json_response({"detail": str(error)}, status=409)
        except (ValidationError, PermissionDenied) as error:
            detail = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            return json_response({"detail": detail}, status=400)
        article = result.article
        payload = {
            "status": result.status,
            "held": result.held or None,
            "slug": article.slug,
            "admin_url": request.build_absolute_uri(
                reverse("admin:articles_article_change", args=[article.pk])
            ),
            "api_url": request.build_absolute_uri(
                reverse("api-article-detail", args=[article.slug])
            ),
        }
        return json_response(payload, status=200 if result.status == "unchanged" else 201)
