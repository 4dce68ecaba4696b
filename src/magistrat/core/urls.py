from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.core import views
from magistrat.core.permissions import public, signed_in

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", public(views.LoginView.as_view()), name="login"),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("login/2fa/", views.two_factor, name="two_factor"),
    path("login/2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "password/",
        signed_in(
            auth_views.PasswordChangeView.as_view(
                template_name="core/password_change.html",
                success_url=reverse_lazy("core:home"),
                form_class=views.StaffPasswordChangeForm,
            )
        ),
        name="password_change",
    ),
    path(
        "password/reset/",
        public(
            auth_views.PasswordResetView.as_view(
                template_name="core/password_reset.html",
                email_template_name="core/password_reset_email.txt",
                subject_template_name="core/password_reset_subject.txt",
                success_url=reverse_lazy("core:password_reset_done"),
                form_class=views.StaffPasswordResetForm,
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        public(auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html")),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        public(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="core/password_reset_confirm.html",
                form_class=views.StaffSetPasswordForm,
                success_url=reverse_lazy("core:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        public(
            auth_views.PasswordResetCompleteView.as_view(template_name="core/password_reset_complete.html")
        ),
        name="password_reset_complete",
    ),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("audit/<id:pk>/", views.audit_detail, name="audit_detail"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<id:pk>/read/", views.notification_read, name="notification_read"),
]
