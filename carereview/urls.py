from django.contrib import admin
from django.urls import path

from carereview.core import views

urlpatterns = [
    path("", views.start, name="start"),
    path("admin/", admin.site.urls),
]
