from django.urls import path

from .api import EventListView

urlpatterns = [path("api/v1/events/", EventListView.as_view(), name="api-events")]
