from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from carereview.notifications.services import mark_read


@require_POST
@login_required
def alert_read(request: HttpRequest, pk: int) -> HttpResponse:
    mark_read(request.user, pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/home/"
    return redirect(back)
