"""The documents pages."""

from django.urls import path

from carereview.documents import views

app_name = "documents"

urlpatterns = [
    path("reviews/<int:pk>/", views.review_documents, name="review"),
    path("reviews/<int:pk>/<str:which>.<str:fmt>", views.review_file, name="review_file"),
    path(
        "reviews/<int:pk>/invitees/<int:invitee>/<str:which>.<str:fmt>",
        views.invitee_file,
        name="invitee_file",
    ),
    path(
        "reviews/<int:pk>/recipients/<int:line>.<str:fmt>",
        views.recipient_file,
        name="recipient_file",
    ),
    path("templates/", views.templates_page, name="templates"),
    path("templates/<str:kind>.<str:fmt>", views.template_file, name="template_file"),
]
