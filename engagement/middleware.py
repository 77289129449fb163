"""Fills the per-visitor slots of cached catalogue pages (catalog_tags.visitor_slot).

Cached fragments are shared by every visitor, so a card or product page carries only a
marker where the heart, the "tell me when it is back" form or the "review it" link goes.
This middleware replaces the markers per request, after the page is assembled: the shared
cache never holds one visitor's state, and every form gets this visitor's CSRF token.
At most one query per kind of slot present (none for an anonymous visitor's hearts).
"""

from __future__ import annotations

import re

from django.middleware.csrf import get_token
from django.template.loader import get_template

from engagement import selectors, services

SLOT = re.compile(rb"<!--visitor:(heart|stock-alert|review):(\d+)-->")
#: Stands for the product id in a heart rendered once for every card.
_PK = "__PK__"


class VisitorSlotsMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or response.status_code != 200
            or not response.get("Content-Type", "").startswith("text/html")
            or b"<!--visitor:" not in response.content
        ):
            return response
        response.content = fill_slots(request, response.content)
        return response


def fill_slots(request, content: bytes) -> bytes:
    slots = {(kind.decode(), int(pk)) for kind, pk in SLOT.findall(content)}
    if not slots:
        return content
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    base = {"csrf_token": get_token(request), "next": request.get_full_path(), "user": user}
    rendered: dict[tuple[str, int], str] = {}
    hearts = [pk for kind, pk in slots if kind == "heart"]
    if hearts:
        saved = services.saved_product_ids(user=user, session=request.session, among=hearts)
        # A page of 24 cards renders the heart twice (saved or not), not 24 times.
        template = get_template("engagement/_heart.html")
        shapes = {
            state: template.render({**base, "pk": _PK, "saved": state}) for state in (False, True)
        }
        for pk in hearts:
            rendered["heart", pk] = shapes[pk in saved].replace(_PK, str(pk))
    for kind, pk in slots:
        if kind == "stock-alert":
            waiting = signed_in and selectors.has_waiting_alert(user=user, product_id=pk)
            context = {**base, "pk": pk, "waiting": waiting, "signed_in": signed_in}
            rendered[kind, pk] = get_template("engagement/_stock_alert.html").render(context)
        elif kind == "review":
            lines = selectors.reviewable_lines(user=user, product_id=pk) if signed_in else []
            context = {**base, "pk": pk, "line": lines[0] if lines else None}
            rendered[kind, pk] = get_template("engagement/_review_link.html").render(context)

    def replace(match: re.Match) -> bytes:
        return rendered.get((match[1].decode(), int(match[2])), "").encode()

    return SLOT.sub(replace, content)
