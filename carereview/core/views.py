"""The site's own pages: the start page, each role's home, and a health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from carereview.authority.services import current_profile
from carereview.staff.models import Role


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "core/start.html", {"profile": current_profile()})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = request.user.role
    if role == Role.IRO:
        return redirect("my_work")
    if role == Role.IRO_MANAGER:
        return redirect("service")
    if role in (Role.TEAM_MANAGER, Role.SENIOR_MANAGER):
        return redirect("escalations_waiting")  # what waits for their response
    return redirect("child_list")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
