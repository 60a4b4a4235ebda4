from django.contrib import admin
from django.urls import path

from carereview.core import views

urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
