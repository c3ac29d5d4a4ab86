from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Global Cluster Portal"
admin.site.site_title = "Global Cluster Portal"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("", include("clusters.urls")),
    path("", include("cooperation.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
]

if settings.BENCHMARK_ENDPOINTS:
    urlpatterns.append(path("bench/", include("bench.urls")))

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
