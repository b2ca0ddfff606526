from django.urls import URLPattern, URLResolver

app_name = "prevention"
urlpatterns: list[URLPattern | URLResolver] = []
