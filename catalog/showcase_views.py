"""Public pages of the fairs and melas (/events/) and of the GI tags (/gi/<slug>/)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from catalog import showcase


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/event_list.html", showcase.events_by_status())


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = showcase.get_published_event(slug)
    context = {
        "event": event,
        "status": event.status_on(timezone.localdate()),
        "products": showcase.event_products(event),
        "json_ld": showcase.event_json_ld(request, event),
        "og_image": request.build_absolute_uri(event.hero_image.url) if event.hero_image else "",
    }
    return render(request, "catalog/event_detail.html", context)


@require_GET
def gi_tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = showcase.get_gi_tag(slug)
    context = {
        "tag": tag,
        "authorised_users": showcase.gi_authorised_users(tag),
        "products": list(showcase.gi_products(tag)),
    }
    return render(request, "catalog/gi_tag_detail.html", context)
