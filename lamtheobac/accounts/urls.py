from django.contrib.auth import views as auth_views
from django.urls import path

from lamtheobac.api import views as api_views

from . import views
from .forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-nhap-bang-ma/", views.code_login, name="code-login"),
    path("cap-tai-khoan/<int:org_id>/", views.onboard, name="onboard"),
    path("cap-lai-ma/<int:person_id>/", views.code_reissue, name="code-reissue"),
    path("doi-mat-khau/", views.password_change, name="password-change"),
    path("nhac-nho/da-xem/", views.reminder_seen, name="reminder-seen"),
    path("du-lieu-cua-toi/", views.my_data, name="my-data"),
    path("ma-truy-cap/", api_views.token_list, name="tokens"),
    path("ma-truy-cap/<int:token_id>/thu-hoi/", api_views.token_revoke, name="token-revoke"),
    path("ma-truy-cap/<int:token_id>/gia-han/", api_views.token_renew, name="token-renew"),
    path("xac-thuc-hai-lop/", views.two_factor_setup, name="two-factor"),
    path("xac-thuc-hai-lop/nhap-ma/", views.two_factor_verify, name="two-factor-verify"),
]
