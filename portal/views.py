"""Site-wide pages: the home page and the error pages."""

from django.shortcuts import render
from django.views.generic import TemplateView

from clusters.models import Cluster, SupportMeasure, TechnologyField


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Cluster.objects.published()

        context["cluster_count"] = published.count()
        context["country_count"] = (
            published.values("region__country").distinct().count()
        )
        context["field_count"] = (
            TechnologyField.objects.filter(clusters__status=Cluster.Status.PUBLISHED)
            .distinct()
            .count()
        )
        context["measure_count"] = SupportMeasure.objects.count()

        featured = published.filter(featured=True).for_cards()[:6]
        context["featured_clusters"] = (
            featured or published.for_cards().order_by("-updated")[:6]
        )
        return context


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the failure may lie in a context processor.
    return render(request, "500.html", status=500)
