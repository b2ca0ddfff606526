from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "lachan.geo"
    label = "geo"
