"""The documentation page's assets, from the copy of Swagger UI inside django-ninja: the page
works on a network that reaches no CDN, without copying 1.5 MB of JavaScript into this
repository or asking for "ninja" among the installed apps."""

from __future__ import annotations

from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

ASSETS = Path(ninja.__file__).parent / "static" / "ninja"

#: Only these files are served: a name from the URL never reaches the file system otherwise.
SERVED = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}


@require_GET
@cache_control(max_age=86400, public=True)
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in SERVED:
        raise Http404("No such file")
    return FileResponse((ASSETS / name).open("rb"), content_type=SERVED[name])
