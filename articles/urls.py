from django.urls import path

from .api import ArticleDetailView, ArticleListView, ArticleNinjsView, IngestView
from .feeds import LatestStoriesAtomFeed, LatestStoriesFeed

api_urlpatterns = [
    path("articles/", ArticleListView.as_view(), name="api-article-list"),
    path("articles/<str:slug>/", ArticleDetailView.as_view(), name="api-article-detail"),
    path("articles/<str:slug>/ninjs", ArticleNinjsView.as_view(), name="api-article-ninjs"),
    path("ingest/", IngestView.as_view(), name="api-ingest"),
]

feed_urlpatterns = [
    path("rss/", LatestStoriesFeed(), name="feed-rss"),
    path("atom/", LatestStoriesAtomFeed(), name="feed-atom"),
]
