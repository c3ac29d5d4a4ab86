from django.urls import path

from portal.page_cache import shared_page

from . import views
from .feeds import NewRequestsFeed

app_name = "cooperation"

urlpatterns = [
    path(
        "cooperation/",
        shared_page(views.RequestListView.as_view()),
        name="request-list",
    ),
    path("cooperation/new/", views.RequestCreateView.as_view(), name="request-create"),
    path(
        "cooperation/new/sent/",
        views.RequestPostedView.as_view(),
        name="request-posted",
    ),
    path(
        "cooperation/<int:pk>/",
        views.RequestDetailView.as_view(),
        name="request-detail",
    ),
    path(
        "cooperation/manage/<str:token>/",
        views.RequestManageView.as_view(),
        name="request-manage",
    ),
    path(
        "cooperation/manage/<str:token>/edit/",
        views.RequestEditView.as_view(),
        name="request-edit",
    ),
    path(
        "cooperation/alerts/",
        views.SubscriptionCreateView.as_view(),
        name="subscription-create",
    ),
    path(
        "cooperation/alerts/confirm/<str:token>/",
        views.SubscriptionConfirmView.as_view(),
        name="subscription-confirm",
    ),
    path(
        "cooperation/alerts/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="subscription-unsubscribe",
    ),
    path("feeds/cooperation/", NewRequestsFeed(), name="feed"),
]
