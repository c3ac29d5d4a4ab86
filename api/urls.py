from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"


class Router(DefaultRouter):
    # One address per resource: no `.json` suffix variants beside `?format=json`.
    include_format_suffixes = False


router = Router()
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("regions", views.RegionViewSet, basename="region")
router.register("countries", views.CountryViewSet, basename="country")
router.register("fields", views.TechnologyFieldViewSet, basename="field")
router.register("measures", views.SupportMeasureViewSet, basename="measure")
router.register(
    "cooperation-requests",
    views.CooperationRequestViewSet,
    basename="cooperation-request",
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/docs.html"
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
