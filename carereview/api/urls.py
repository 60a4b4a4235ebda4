"""The open API under /api/: version 1 at /api/v1/ (docs/api.md)."""

from django.urls import path

from carereview.api.api import api
from carereview.api.views import docs_asset

app_name = "api"

urlpatterns = [
    # Before the API's own patterns: the documentation page's scripts and styles.
    path("v1/docs/assets/<str:name>", docs_asset, name="docs_asset"),
    path("v1/", api.urls),
]
