"""An artisan's listings: list, create, edit and archive their own products."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import selectors, services
from catalog.models import Product
from catalog.services import ImageChanges, NewImage
from console.access import seller_required
from console.listing_forms import ProductForm, existing_image_formset, new_image_formset
from engagement.alerts import notify_back_in_stock


@seller_required
def product_list(request: HttpRequest) -> HttpResponse:
    products = selectors.seller_products(request.seller)
    return render(
        request,
        "console/product_list.html",
        {
            "profile": request.seller,
            "products": products,
            "can_publish": services.can_publish(request.seller),
        },
    )


@seller_required
def product_create(request: HttpRequest) -> HttpResponse:
    return _product_form(request, Product(seller=request.seller))


@seller_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _product_form(request, selectors.own_product(request.seller, pk))


@seller_required
@require_POST
def product_archive(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.own_product(request.seller, pk)
    services.archive_product(product=product)
    messages.success(
        request,
        _("“%(title)s” is archived: buyers no longer see it. Save it again to bring it back.")
        % {"title": product.display_title},
    )
    return redirect("console:products")


def _requested_status(request: HttpRequest) -> str:
    if request.POST.get("action") == "publish":
        return Product.Status.PUBLISHED
    return Product.Status.DRAFT


def _product_form(request: HttpRequest, product: Product) -> HttpResponse:
    seller = request.seller
    is_new = product.pk is None
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ProductForm(data, files, instance=product, seller=seller)
    photos = existing_image_formset(data, product=None if is_new else product)
    existing = 0 if is_new else len(photos.forms)
    new_photos = new_image_formset(data, files, existing=existing)
    if request.method == "POST":
        valid = all([form.is_valid(), photos.is_valid(), new_photos.is_valid()])
        if valid and _save(request, form, photos, new_photos, is_new):
            return redirect("console:products")
        refused = new_photos.refused_files()
        if refused:
            messages.error(
                request, _("Nothing was saved. %(reasons)s") % {"reasons": " ".join(refused)}
            )
        else:
            messages.error(request, _("Nothing was saved yet: please correct the marked fields."))
    return render(
        request,
        "console/product_form.html",
        {
            "profile": seller,
            "product": product,
            "is_new": is_new,
            "form": form,
            "photos": photos,
            "new_photos": new_photos,
            "can_publish": services.can_publish(seller),
            "max_images": services.MAX_IMAGES,
        },
    )


def _save(request, form, photos, new_photos, is_new: bool) -> bool:
    """Call the service; a refusal from it becomes a form error. Returns success."""
    status = _requested_status(request)
    new = [NewImage(d["file"], d["alt_text"], d["alt_text_hi"]) for d in new_photos.filled()]
    try:
        if is_new:
            product = services.create_product(
                seller=request.seller, product=form.save(commit=False), status=status, images=new
            )
        else:
            with transaction.atomic():
                product = services.update_product(
                    product=form.save(commit=False),
                    status=status,
                    images=_image_changes(photos, new),
                    gi_changed=form.gi_changed,
                )
                # Shoppers waiting for a sold-out piece hear of the restock once each,
                # with the save (the periodic sweep catches restocks by other paths).
                notify_back_in_stock(product_id=product.pk)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    if product.status == Product.Status.PUBLISHED:
        text = _("“%(title)s” is published. Buyers can see it once its photos are ready.")
    else:
        text = _("“%(title)s” is saved as a draft. Buyers do not see it yet.")
    messages.success(request, text % {"title": product.display_title})
    return True


def _image_changes(photos, new: list[NewImage]) -> ImageChanges:
    updates, removed = {}, []
    for photo_form in photos.forms:
        image = photo_form.instance
        if image.pk is None:  # an id that is not one of this product's photos
            continue
        if photo_form.cleaned_data.get("DELETE"):
            removed.append(image.pk)
            continue
        updates[image.pk] = {
            "position": photo_form.cleaned_data.get("position") or 0,
            "alt_text": photo_form.cleaned_data.get("alt_text", ""),
            "alt_text_hi": photo_form.cleaned_data.get("alt_text_hi", ""),
        }
    return ImageChanges(new=new, updates=updates, removed=removed)
