from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm
from .privacy import views as privacy

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
    path("du-lieu-ca-nhan/thong-bao/", privacy.privacy_notice, name="privacy-notice"),
    path("du-lieu-cua-toi/yeu-cau/", privacy.data_requests, name="data-requests"),
    path("yeu-cau-du-lieu/", privacy.data_request_list, name="data-request-list"),
    path("yeu-cau-du-lieu/<int:request_id>/", privacy.data_request_answer, name="data-request-answer"),
    path("xac-thuc-hai-lop/", views.two_factor_setup, name="two-factor"),
    path("xac-thuc-hai-lop/nhap-ma/", views.two_factor_verify, name="two-factor-verify"),
    # an admin, from a person's page (the person's data at their request; a lost authenticator)
    path("ca-nhan/<int:person_id>/du-lieu/", views.person_data, name="person-data"),
    path(
        "ca-nhan/<int:person_id>/xac-thuc-hai-lop/dat-lai/",
        views.person_two_factor_reset,
        name="person-two-factor-reset",
    ),
]
