from django.urls import URLPattern, URLResolver

app_name = "public_statistics"
urlpatterns: list[URLPattern | URLResolver] = []
