"""The editorial app's public routes: the API, the feeds, the sitemaps and the preview links.
Included by `newsroom/urls.py` by name, so that the project package never imports the app."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from .api import ArticleDetailView, ArticleListView, ArticleNinjsView
from .corrections import CorrectionListView
from .feeds import LatestStoriesAtomFeed, LatestStoriesFeed
from .ingest_api import IngestView
from .sitemaps import SITEMAPS
from .views import article_preview

urlpatterns = [
    path("api/v1/articles/", ArticleListView.as_view(), name="api-article-list"),
    path("api/v1/articles/<str:slug>/", ArticleDetailView.as_view(), name="api-article-detail"),
    path("api/v1/articles/<str:slug>/ninjs", ArticleNinjsView.as_view(), name="api-article-ninjs"),
    path("api/v1/corrections/", CorrectionListView.as_view(), name="api-corrections"),
    path("api/v1/ingest/", IngestView.as_view(), name="api-ingest"),
    path("feeds/rss/", LatestStoriesFeed(), name="feed-rss"),
    path("feeds/atom/", LatestStoriesAtomFeed(), name="feed-atom"),
    path("preview/<str:token>/", article_preview, name="article-preview"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemaps/news.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": SITEMAPS["news"]}, "template_name": "sitemaps/news.xml"},
    ),
    path(
        "sitemaps/<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
