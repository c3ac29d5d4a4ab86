from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("clusters/", views.ClusterListView.as_view(), name="cluster-list"),
    path(
        "clusters/<slug:slug>/",
        views.ClusterDetailView.as_view(),
        name="cluster-detail",
    ),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path(
        "countries/<str:code>/",
        views.CountryDetailView.as_view(),
        name="country-detail",
    ),
    path(
        "regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region-detail"
    ),
    path("fields/", views.FieldListView.as_view(), name="field-list"),
    path("fields/<slug:slug>/", views.FieldDetailView.as_view(), name="field-detail"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("compare/add/", views.compare_add, name="compare-add"),
    path("compare/remove/", views.compare_remove, name="compare-remove"),
    path("methodology/", views.MethodologyView.as_view(), name="methodology"),
    path("measures/", views.SupportMeasureListView.as_view(), name="measure-list"),
    path(
        "measures/<slug:slug>/",
        views.SupportMeasureDetailView.as_view(),
        name="measure-detail",
    ),
]
