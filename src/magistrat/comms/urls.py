from django.urls import URLPattern, path

import magistrat.core.converters  # noqa: F401 - <id:…> and <year:…> (bounded: out of range is a 404)
from magistrat.comms.views import crisis, news

app_name = "comms"
urlpatterns: list[URLPattern] = [
    path("", news.news_list, name="news_list"),
    path("new/", news.news_create, name="news_create"),
    path("approvals/", news.approval_queue, name="approvals"),
    path("<id:pk>/", news.news_detail, name="news_detail"),
    path("<id:pk>/edit/", news.news_edit, name="news_edit"),
    path("<id:pk>/images/", news.image_add, name="image_add"),
    path("<id:pk>/submit/", news.news_submit, name="news_submit"),
    path("<id:pk>/approve/", news.news_approve, name="news_approve"),
    path("<id:pk>/publish/", news.news_publish, name="news_publish"),
    path("<id:pk>/return/", news.news_return, name="news_return"),
    path("<id:pk>/withdraw/", news.news_withdraw, name="news_withdraw"),
    path("<id:pk>/confirm/", news.news_confirm, name="news_confirm"),
    path("images/<id:pk>/", news.image_file, name="image_file"),
    path("images/<id:pk>/remove/", news.image_remove, name="image_remove"),
    path("deliveries/<id:pk>/retry/", news.delivery_retry, name="delivery_retry"),
    path("deliveries/<id:pk>/withdraw/", news.delivery_withdraw, name="delivery_withdraw"),
    path("crisis/", crisis.template_list, name="template_list"),
    path("crisis/new/", crisis.template_create, name="template_create"),
    path("crisis/<id:pk>/edit/", crisis.template_edit, name="template_edit"),
    path("crisis/<id:pk>/approve/", crisis.template_approve, name="template_approve"),
    path("crisis/<id:pk>/send/", crisis.template_send, name="template_send"),
    path("lists/", crisis.taxonomy, name="taxonomy"),
]
