"""A URLconf without the public API, for tests that change ROOT_URLCONF."""

urlpatterns = []
