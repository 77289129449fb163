"""Upload checks and the image pipeline, run in-process against real storage and PostgreSQL."""

import io
import struct
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, ImageDraw, ImageStat

from catalog.images import (
    ProductPhotoField,
    image_folder,
    process_product_image,
    validate_image_upload,
)
from catalog.models import ProductImage
from catalog.tasks import enqueue_image_processing, process_product_image_task
from odop_market.celery import app as celery_app
from tests.factories import ProductFactory

# --- Building test files -------------------------------------------------------------


def noisy_image(width, height, mode="RGB"):
    """A photo-like image: a gradient with noise, so that JPEG sizes are realistic."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 40)
    image = Image.merge("RGB", (gradient, noise, gradient.transpose(Image.Transpose.ROTATE_180)))
    return image if mode == "RGB" else image.convert(mode)


def encode(image, image_format="JPEG", **params):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **params)
    return buffer.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_declaring(width, height):
    """A tiny, valid-looking PNG whose header claims the given size."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def phone_photo_with_gps():
    """An 800 × 600 JPEG stored sideways (Orientation 6) with GPS, XMP and an ICC profile.

    A red square marks the stored top-left corner; once turned upright (90° clockwise) it
    must be at the top-right of a 600 × 800 photo.
    """
    image = noisy_image(800, 600)
    ImageDraw.Draw(image).rectangle((0, 0, 99, 99), fill=(255, 0, 0))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (25.0, 19.0, 0.0), 3: "E", 4: (82.0, 58.0, 0.0)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(image, exif=exif, icc_profile=icc, xmp=b"<x:xmpmeta>Varanasi studio</x:xmpmeta>")


def refusal(content, **kwargs):
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(upload(content, **kwargs))
    return caught.value


# --- validate_image_upload -----------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")]
)
def test_a_real_jpeg_png_or_webp_photo_is_accepted_and_rewound(image_format, name):
    file = upload(encode(noisy_image(900, 700), image_format), name=name)

    validate_image_upload(file)

    assert file.tell() == 0


def test_a_photo_is_judged_by_its_bytes_not_its_name_or_content_type():
    file = upload(encode(noisy_image(700, 700), "PNG"), name="photo.txt", content_type="text/plain")

    assert PhotoForm(files={"photo": file}).is_valid()


def test_a_zero_byte_file_is_refused_as_empty():
    error = refusal(b"")

    assert error.code == "empty_file"
    assert "empty" in error.messages[0]


def test_a_text_file_named_jpg_is_refused():
    error = refusal(b"Namaste, this is not a photo at all.\n" * 50)

    assert error.code == "not_an_image"
    assert "JPEG, PNG or WebP" in error.messages[0]


def test_a_truncated_jpeg_is_refused_as_damaged():
    whole = encode(noisy_image(1200, 900), quality=90)

    error = refusal(whole[: len(whole) // 2])

    assert error.code == "damaged"
    assert "incomplete" in error.messages[0]


def test_a_png_declaring_30000_by_30000_pixels_is_refused_without_decoding():
    content = png_declaring(30000, 30000)
    assert len(content) < 200

    error = refusal(content, name="bomb.png", content_type="image/png")

    assert error.code == "too_many_pixels"
    assert "64 megapixels" in error.messages[0]


def test_a_png_just_over_the_pixel_limit_is_refused_too():
    error = refusal(png_declaring(10000, 7000), name="big.png")

    assert error.code == "too_many_pixels"


def test_an_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="900"><rect/></svg>'

    error = refusal(svg, name="logo.svg", content_type="image/svg+xml")

    assert error.code == "not_an_image"


def test_a_gif_is_refused_naming_its_format():
    error = refusal(encode(noisy_image(700, 700), "GIF"), name="anim.gif")

    assert error.code == "format"
    assert "GIF" in error.messages[0]


def test_an_11_mb_file_is_refused_with_its_size(settings):
    assert settings.MAX_UPLOAD_IMAGE_BYTES == 10 * 1024 * 1024
    photo = encode(noisy_image(800, 600))
    padded = photo + b"\0" * (11 * 1024 * 1024 - len(photo))

    error = refusal(padded)

    assert error.code == "too_big"
    assert "11.0" in error.messages[0]
    assert "10.0" in error.messages[0]


def test_a_500_by_400_photo_is_refused_as_too_small():
    error = refusal(encode(noisy_image(500, 400)))

    assert error.code == "too_small"
    assert error.messages[0] == (
        "This photo is too small: it is 500 × 400 pixels. "
        "Use a photo at least 600 pixels on its shortest side."
    )


def test_refusals_are_explained_in_hindi_when_the_artisan_uses_hindi():
    with translation.override("hi"):
        error = refusal(encode(noisy_image(500, 400)))

    assert "500 × 400" in error.messages[0]
    assert "छोटी" in error.messages[0]


def test_the_file_is_rewound_after_a_refusal():
    file = upload(encode(noisy_image(500, 400)))

    with pytest.raises(ValidationError):
        validate_image_upload(file)

    assert file.tell() == 0


# --- process_product_image -----------------------------------------------------------


def make_image(content, name="photo.jpg"):
    return ProductImage.objects.create(
        product=ProductFactory(), original=SimpleUploadedFile(name, content)
    )


def stored_files(folder=""):
    """Every file name under ``folder`` (all of media by default), through the storage API."""
    if folder and not default_storage.exists(folder):
        return set()
    directories, files = default_storage.listdir(folder)
    prefix = f"{folder}/" if folder else ""
    names = {f"{prefix}{name}" for name in files}
    for directory in directories:
        names |= stored_files(f"{prefix}{directory}")
    return names


def open_stored(name):
    with default_storage.open(name, "rb") as fh:
        content = fh.read()
    return content, Image.open(io.BytesIO(content))


def assert_no_metadata(content, image):
    assert not image.getexif()
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(image.info)
    assert b"Exif\x00\x00" not in content
    assert b"xmpmeta" not in content
    assert b"ICC_PROFILE" not in content


def is_red(pixel):
    red, green, blue = pixel[:3]
    return red > 200 and green < 60 and blue < 60


@pytest.mark.django_db
def test_a_sideways_phone_photo_comes_out_upright_with_no_metadata_anywhere():
    image = make_image(phone_photo_with_gps())
    uploaded_name = image.original.name

    process_product_image(image.pk)

    image.refresh_from_db()
    assert image.state == ProductImage.State.READY
    assert (image.width, image.height) == (600, 800)
    assert not default_storage.exists(uploaded_name)
    content, original = open_stored(image.original.name)
    assert original.size == (600, 800)
    assert is_red(original.getpixel((560, 40)))
    assert not is_red(original.getpixel((40, 40)))
    assert_no_metadata(content, original)
    for entry in image.renditions.values():
        for image_format in ("webp", "jpeg"):
            content, rendition = open_stored(entry[image_format])
            assert rendition.height > rendition.width
            assert is_red(rendition.getpixel((rendition.width - 5, 5)))
            assert_no_metadata(content, rendition)


@pytest.mark.django_db
def test_renditions_exist_at_each_width_in_webp_and_jpeg_with_their_sizes(settings):
    image = make_image(encode(noisy_image(1600, 1200)))

    process_product_image(image.pk)

    image.refresh_from_db()
    assert settings.IMAGE_RENDITION_WIDTHS == (320, 640, 1280)
    assert sorted(image.renditions, key=int) == ["320", "640", "1280"]
    for key, expected_height in (("320", 240), ("640", 480), ("1280", 960)):
        entry = image.renditions[key]
        assert entry["height"] == expected_height
        for image_format, pillow_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
            _content, rendition = open_stored(entry[image_format])
            assert rendition.format == pillow_format
            assert rendition.size == (int(key), expected_height)
    assert image.processed_at is not None
    assert image.error == ""


@pytest.mark.django_db
def test_a_photo_narrower_than_a_rendition_width_is_never_upscaled():
    image = make_image(encode(noisy_image(900, 700)))

    process_product_image(image.pk)

    image.refresh_from_db()
    assert image.renditions["640"]["width"] == 640
    assert image.renditions["1280"]["width"] == 900
    _content, largest = open_stored(image.renditions["1280"]["webp"])
    assert largest.size == (900, 700)


@pytest.mark.django_db
def test_processing_twice_leaves_exactly_the_same_files():
    image = make_image(phone_photo_with_gps())
    process_product_image(image.pk)
    image.refresh_from_db()
    first = (image.original.name, image.renditions, stored_files())
    original_bytes, _ = open_stored(image.original.name)

    process_product_image(image.pk)

    image.refresh_from_db()
    assert (image.original.name, image.renditions, stored_files()) == first
    assert open_stored(image.original.name)[0] == original_bytes
    folder = image_folder(image.pk)
    # Upright it is 600 wide: the 640 and 1280 renditions are one and the same 600 px file.
    assert first[2] == {image.original.name} | {
        f"{folder}/{width}.{ext}" for width in (320, 600) for ext in ("webp", "jpg")
    }


@pytest.mark.django_db
def test_a_transparent_png_stays_png_and_its_jpeg_fallback_is_white_behind():
    picture = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    ImageDraw.Draw(picture).ellipse((200, 200, 600, 600), fill=(0, 128, 0, 255))
    image = make_image(encode(picture, "PNG"), name="pot.png")

    process_product_image(image.pk)

    image.refresh_from_db()
    assert image.original.name.endswith(".png")
    _content, jpeg = open_stored(image.renditions["320"]["jpeg"])
    assert jpeg.getpixel((2, 2)) == pytest.approx((255, 255, 255), abs=3)
    _content, webp = open_stored(image.renditions["320"]["webp"])
    assert webp.mode == "RGBA"


@pytest.mark.django_db
def test_a_16_bit_greyscale_png_is_scaled_to_8_bits_not_clipped_to_white():
    """Mid-grey at 16 bits (32768 of 65535) must stay mid-grey, not become 255."""
    picture = Image.new("I;16", (800, 600), 32768)
    ImageDraw.Draw(picture).rectangle((0, 0, 399, 599), fill=8192)  # a dark left half
    content = encode(picture, "PNG")
    assert Image.open(io.BytesIO(content)).mode == "I;16"
    validate_image_upload(upload(content, "scan.png", "image/png"))
    image = make_image(content, name="scan.png")

    process_product_image(image.pk)

    image.refresh_from_db()
    assert image.state == ProductImage.State.READY
    for name in (image.original.name, image.renditions["320"]["jpeg"]):
        _content, stored = open_stored(name)
        grey = stored.convert("L")
        # (32 + 128) / 2 = 80 on average; clipping gave 255 everywhere.
        assert ImageStat.Stat(grey).mean[0] == pytest.approx(80, abs=4)
        assert grey.getpixel((5, 5)) == pytest.approx(32, abs=4)
        assert grey.getpixel((grey.width - 5, 5)) == pytest.approx(128, abs=4)


@pytest.mark.django_db
def test_a_file_that_is_not_a_photo_marks_the_image_failed_instead_of_raising():
    image = make_image(b"not a photo", name="fake.jpg")

    process_product_image(image.pk)

    image.refresh_from_db()
    assert image.state == ProductImage.State.FAILED
    assert "decode" in image.error
    assert image.renditions == {}


@pytest.mark.django_db
def test_a_missing_file_marks_the_image_failed():
    image = make_image(encode(noisy_image(700, 700)))
    default_storage.delete(image.original.name)

    process_product_image(image.pk)

    image.refresh_from_db()
    assert image.state == ProductImage.State.FAILED
    assert "missing" in image.error


@pytest.mark.django_db
def test_enqueued_images_are_processed_only_after_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        image = make_image(encode(noisy_image(700, 700)))
        enqueue_image_processing([image.pk])
        assert ProductImage.objects.get(pk=image.pk).state == ProductImage.State.PENDING

    assert len(callbacks) == 1
    image.refresh_from_db()
    assert image.state == ProductImage.State.READY


@pytest.mark.django_db
def test_a_storage_error_is_retried_and_then_marks_the_image_failed(settings, caplog):
    image = make_image(encode(noisy_image(700, 700)))
    (settings.MEDIA_ROOT / "products" / "unreadable.jpg").mkdir(parents=True)
    ProductImage.objects.filter(pk=image.pk).update(original="products/unreadable.jpg")

    saved = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False  # let eager retries run to the end
    try:
        result = process_product_image_task.apply(args=[image.pk])
    finally:
        celery_app.conf.task_eager_propagates = saved

    assert isinstance(result.result, IsADirectoryError)
    assert sum(" retry: " in record.getMessage() for record in caplog.records) == 5
    image.refresh_from_db()
    assert image.state == ProductImage.State.FAILED
    assert image.error.startswith("Processing failed")


@pytest.mark.django_db
def test_srcset_lists_each_distinct_rendition_once_by_its_real_width():
    image = make_image(encode(noisy_image(900, 700)))
    assert image.srcset("webp") == ""

    process_product_image(image.pk)

    image.refresh_from_db()
    folder = f"/media/{image_folder(image.pk)}"
    assert image.srcset("webp") == (
        f"{folder}/320.webp 320w, {folder}/640.webp 640w, {folder}/900.webp 900w"
    )
    assert image.srcset("jpeg").endswith(f"{folder}/900.jpg 900w")


class PhotoForm(forms.Form):
    photo = ProductPhotoField()


def test_the_photo_form_field_explains_each_refusal_and_accepts_a_good_photo():
    empty = PhotoForm(files={"photo": upload(b"")})
    small = PhotoForm(files={"photo": upload(encode(noisy_image(500, 400)))})
    good = PhotoForm(files={"photo": upload(encode(noisy_image(800, 600)))})

    assert empty.errors["photo"] == ["This file is empty. Choose the photo again."]
    assert small.errors["photo"][0].startswith("This photo is too small")
    assert good.is_valid()
    assert 'accept="image/jpeg,image/png,image/webp"' in str(good["photo"])


@pytest.mark.django_db
def test_an_image_names_its_original_and_every_rendition_for_deletion():
    image = make_image(encode(noisy_image(1400, 1000)))
    process_product_image(image.pk)
    image.refresh_from_db()

    assert len(stored_files()) == 7
    assert image.stored_names() == stored_files()
