from django.urls import path

from lachan.accounts.views import login, manage, profile

app_name = "accounts"
urlpatterns = [
    # Public: the login steps and logout.
    path("login/", login.login_view, name="login"),
    path("login/code/", login.login_totp, name="login_totp"),
    path("login/new-password/", login.login_new_password, name="login_new_password"),
    path("logout/", login.logout_view, name="logout"),
    # One's own account.
    path("me/", profile.profile, name="profile"),
    path("me/password/", profile.password_change, name="password_change"),
    path("me/tokens/", profile.token_create, name="token_create"),
    path("me/tokens/<uuid:pk>/revoke/", profile.token_revoke, name="token_revoke"),
    # Administration.
    path("users/", manage.user_list, name="user_list"),
    path("users/new/", manage.user_create, name="user_create"),
    path("users/<uuid:pk>/", manage.user_edit, name="user_edit"),
    path("users/<uuid:pk>/disable/", manage.user_disable, name="user_disable"),
    path("users/<uuid:pk>/enable/", manage.user_enable, name="user_enable"),
    path("users/<uuid:pk>/reset-2fa/", manage.user_reset_totp, name="user_reset_totp"),
    path("users/<uuid:pk>/reset-password/", manage.user_reset_password, name="user_reset_password"),
    path("agencies/", manage.agency_list, name="agency_list"),
    path("agencies/new/", manage.agency_create, name="agency_create"),
    path("agencies/<uuid:pk>/", manage.agency_edit, name="agency_edit"),
]
