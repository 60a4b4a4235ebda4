from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from carereview.core import views as core
from carereview.escalation import views as escalation
from carereview.escalation import views_cafcass as cafcass
from carereview.monitoring import views as monitoring_views
from carereview.notifications import views as notifications
from carereview.records import views as records
from carereview.records import views_details as records_details
from carereview.records import views_edit as records_edit
from carereview.reviews import views as reviews
from carereview.reviews import views_after as after
from carereview.reviews import views_calendar as review_calendar
from carereview.reviews import views_cycle as cycle
from carereview.reviews import views_distribution as distribution
from carereview.reviews import views_monitoring as monitoring
from carereview.staff import views as staff

urlpatterns = [
    path("", core.start, name="start"),
    path("home/", core.home, name="home"),
    path("healthz", core.healthz, name="healthz"),
    path("sign-in/", auth_views.LoginView.as_view(redirect_authenticated_user=False), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("work/", staff.my_work, name="my_work"),
    path("service/", staff.service, name="service"),
    path("children/", records.child_list, name="child_list"),
    path("children/new/", records.child_new, name="child_new"),
    path("children/<int:pk>/", records.child_detail, name="child_detail"),
    path("children/<int:pk>/history/", records.child_history, name="child_history"),
    path("children/<int:pk>/people/", records.child_people, name="child_people"),
    path("children/<int:pk>/iro/", staff.child_allocation, name="child_allocation"),
    path("children/<int:pk>/history/change/", records_edit.care_change, name="care_change"),
    path("children/<int:pk>/people/new/", records_edit.contact_new, name="contact_new"),
    path("children/<int:pk>/people/<int:contact>/", records_edit.contact_edit, name="contact_edit"),
    path("children/<int:pk>/notes/", records_edit.oversight_notes, name="child_notes"),
    path("children/<int:pk>/details/", records_details.child_details, name="child_details"),
    path("children/<int:pk>/legal/", records_details.child_legal, name="child_legal"),
    path("children/<int:pk>/events/", monitoring_views.child_events, name="child_events"),
    path(
        "children/<int:pk>/escalations/",
        escalation.child_escalations,
        name="child_escalations",
    ),
    path("escalations/", escalation.waiting, name="escalations_waiting"),
    path("cafcass/<int:pk>/", cafcass.referral_page, name="cafcass_referral"),
    path("cafcass/<int:pk>/bundle/", cafcass.referral_bundle, name="cafcass_bundle"),
    path(
        "cafcass/<int:pk>/bundle.<str:fmt>",
        cafcass.referral_bundle,
        name="cafcass_bundle_file",
    ),
    path("escalations/<int:pk>/", escalation.escalation_detail, name="escalation_detail"),
    path("children/<int:pk>/next-review/", reviews.review_schedule, name="review_schedule"),
    path("children/<int:pk>/review-held/", reviews.review_held, name="review_held"),
    path("reviews/<int:pk>/", cycle.review_overview, name="review_overview"),
    path("reviews/<int:pk>/tasks/<str:task>/done/", cycle.task_done, name="review_task_done"),
    path("reviews/<int:pk>/invitations/", cycle.invitations, name="review_invitations"),
    path("reviews/<int:pk>/record/", cycle.review_record, name="review_record"),
    path("reviews/<int:pk>/meetings/", after.meetings, name="review_meetings"),
    path("reviews/<int:pk>/decisions/", cycle.decisions, name="review_decisions"),
    path("reviews/<int:pk>/response/", after.manager_response, name="review_response"),
    path("reviews/<int:pk>/monitoring/", monitoring.monitoring_sheet, name="review_monitoring"),
    path("reviews/<int:pk>/distribution/", distribution.distribution, name="review_distribution"),
    path(
        "reviews/<int:pk>/distribution/<int:line>/document.docx",
        distribution.distribution_document,
        name="review_distribution_document",
    ),
    path("reviews/<int:pk>/record/<str:step>/", after.record_status, name="review_record_status"),
    path(
        "reviews/<int:pk>/invitation.ics",
        review_calendar.invitation_ics,
        name="review_invitation_ics",
    ),
    path(
        "reviews/<int:pk>/invitation/send/",
        review_calendar.send_invitations,
        name="review_send_invitations",
    ),
    path("alerts/", notifications.all_alerts, name="alerts"),
    path("alerts/<int:pk>/read/", notifications.alert_read, name="alert_read"),
    path("notifications/", notifications.my_messages, name="notification_messages"),
    path(
        "notifications/preferences/",
        notifications.preferences,
        name="notification_preferences",
    ),
    path(
        "notifications/undelivered/",
        notifications.undelivered,
        name="notification_undelivered",
    ),
    path(
        "notifications/undelivered/<int:pk>/retry/",
        notifications.undelivered_retry,
        name="notification_retry",
    ),
    path(
        "notifications/undelivered/retry-all/",
        notifications.undelivered_retry_all,
        name="notification_retry_all",
    ),
    path("import/", include("carereview.interchange.urls")),
    # Before "reports/": its <slug>/ pattern would take "annual".
    path("reports/annual/", include("carereview.reports.urls_annual")),
    path("reports/", include("carereview.reports.urls")),
    path("documents/", include("carereview.documents.urls")),
    path("api/", include("carereview.api.urls")),
    path("admin/", admin.site.urls),
]
