from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from magistrat.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/2fa/", views.two_factor, name="two_factor"),
    path("login/2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="core/password_change.html", success_url=reverse_lazy("core:home")
        ),
        name="password_change",
    ),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("audit/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
