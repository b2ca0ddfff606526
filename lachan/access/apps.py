from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "lachan.access"
    label = "access"
