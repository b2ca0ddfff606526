from django.urls import URLPattern, URLResolver

app_name = "victims"
urlpatterns: list[URLPattern | URLResolver] = []
