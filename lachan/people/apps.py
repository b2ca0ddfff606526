from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lachan.people"
    label = "people"
