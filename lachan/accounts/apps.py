from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lachan.accounts"
    label = "accounts"
