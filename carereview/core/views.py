"""The site's own pages: the start page and a health check for load balancers."""

from __future__ import annotations

from datetime import date

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from carereview.authority.models import ClosureDay
from carereview.authority.services import authority_settings, current_profile


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    authority = authority_settings()
    return render(
        request,
        "core/start.html",
        {
            "organisation_name": authority.name if authority.pk else None,
            "profile": current_profile(),
            "closure_days": ClosureDay.objects.filter(date__gte=date.today())[:10],
        },
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
