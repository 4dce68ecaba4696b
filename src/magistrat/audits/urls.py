from django.urls import URLPattern, path  # noqa: F401

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)

app_name = "audits"
urlpatterns: list[URLPattern] = []
