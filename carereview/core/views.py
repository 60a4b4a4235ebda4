"""The site's own pages: the start page and a health check for load balancers."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from carereview.authority.models import ClosureDay
from carereview.authority.services import authority_settings, current_profile


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """The start page: what the service is for and what is available today."""
    authority = authority_settings()
    return render(
        request,
        "core/start.html",
        {
            "organisation_name": authority.name if authority.pk else None,
            "profile": current_profile(),
            "closure_days": ClosureDay.objects.filter(date__gte=timezone.localdate())[:10],
        },
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when this app server can reach the database, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
