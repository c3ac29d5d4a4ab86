from django.urls import path

from portal.page_cache import shared_page

from . import views

app_name = "clusters"

urlpatterns = [
    path(
        "clusters/", shared_page(views.ClusterListView.as_view()), name="cluster-list"
    ),
    path(
        "clusters/<slug:slug>/",
        shared_page(views.ClusterDetailView.as_view()),
        name="cluster-detail",
    ),
    path(
        "countries/", shared_page(views.CountryListView.as_view()), name="country-list"
    ),
    path(
        "countries/<str:code>/",
        shared_page(views.CountryDetailView.as_view()),
        name="country-detail",
    ),
    path(
        "regions/<slug:slug>/",
        shared_page(views.RegionDetailView.as_view()),
        name="region-detail",
    ),
    path("fields/", shared_page(views.FieldListView.as_view()), name="field-list"),
    path(
        "fields/<slug:slug>/",
        shared_page(views.FieldDetailView.as_view()),
        name="field-detail",
    ),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("compare/add/", views.compare_add, name="compare-add"),
    path("compare/remove/", views.compare_remove, name="compare-remove"),
    path(
        "methodology/", shared_page(views.MethodologyView.as_view()), name="methodology"
    ),
    path(
        "measures/",
        shared_page(views.SupportMeasureListView.as_view()),
        name="measure-list",
    ),
    path(
        "measures/<slug:slug>/",
        shared_page(views.SupportMeasureDetailView.as_view()),
        name="measure-detail",
    ),
]
