from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from . import views
from .feeds import NewClustersFeed, UpdatedClustersFeed
from .page_cache import shared_page
from .sitemaps import SITEMAPS

admin.site.site_header = _("Global Cluster Portal")
admin.site.site_title = _("Global Cluster Portal")
admin.site.index_title = _("Editorial desk")

urlpatterns = [
    path("", shared_page(views.HomeView.as_view()), name="home"),
    path("search/", shared_page(views.SearchView.as_view()), name="search"),
    path("feeds/clusters/new/", NewClustersFeed(), name="feed-new-clusters"),
    path(
        "feeds/clusters/updated/",
        UpdatedClustersFeed(),
        name="feed-updated-clusters",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Choosing a language changes nothing but the visitor's own cookie, so the
    # switcher needs no CSRF token, and the pages that carry it can be shared
    # (portal.page_cache).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("clusters.urls")),
    path("", include("cooperation.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
]

if settings.BENCHMARK_ENDPOINTS:
    urlpatterns.append(path("bench/", include("bench.urls")))

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
