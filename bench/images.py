"""Benchmark the product-photo pipeline: 20 phone-sized photos (4000 × 3000) end to end.

    DEBUG=true .venv/bin/python bench/images.py [--count 20]

Runs ``process_product_image`` in this process, exactly as a Celery worker would, on a
throw-away SQLite database and a temporary MEDIA_ROOT (set DATABASE_URL to a migrated
database to use that instead). The photos are generated first, in a child process, so
that the peak memory reported is the pipeline's and not the generator's. Half of them
carry EXIF GPS and a rotate-90 orientation, as phone photos do.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 4000, 3000


def make_photo(seed: int, grain=None) -> bytes:
    """A photo-like 4000 × 3000 JPEG: smooth gradients, soft blotches and sensor grain."""
    from PIL import ExifTags, Image, ImageChops, ImageFilter

    grain = grain or Image.effect_noise((WIDTH, HEIGHT), 12)
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    channels = []
    for band in range(3):
        blotches = Image.effect_noise((WIDTH // 16, HEIGHT // 16), 60 + 10 * band + seed)
        blotches = blotches.filter(ImageFilter.GaussianBlur(3)).resize(
            (WIDTH, HEIGHT), Image.Resampling.BILINEAR
        )
        shifted = ImageChops.offset(grain, 97 * band + 13 * seed, 31 * band + 7 * seed)
        channels.append(ImageChops.add(ImageChops.multiply(gradient, blotches), shifted))
    image = Image.merge("RGB", channels)
    exif = Image.Exif()
    if seed % 2:
        exif[ExifTags.Base.Orientation] = 6
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(
            {1: "N", 2: (25.0, 19.0, 0.0), 3: "E", 4: (82.0, 58.0, 0.0)}
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def generate(folder: str, count: int) -> None:
    from PIL import Image

    grain = Image.effect_noise((WIDTH, HEIGHT), 12)
    for seed in range(count):
        Path(folder, f"photo-{seed:02d}.jpg").write_bytes(make_photo(seed, grain))


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_market.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_images(folder: Path) -> list[int]:
    from decimal import Decimal

    from django.core.files import File

    from accounts.models import User
    from catalog.models import Product, ProductImage
    from districts.models import Craft, District
    from sellers.models import SellerProfile

    district = District.objects.create(slug="bench", name="Bench", division="Varanasi")
    craft = Craft.objects.create(slug="bench", name="Bench craft")
    seller = SellerProfile.objects.create(
        user=User.objects.create_user(email="bench@example.com", password="x-bench-x"),
        slug="bench",
        display_name="Bench",
        district=district,
        craft=craft,
        mobile="+919876543210",
        status=SellerProfile.Status.APPROVED,
    )
    product = Product.objects.create(
        seller=seller, district=district, craft=craft, slug="bench", price=Decimal("100")
    )
    ids = []
    for position, path in enumerate(sorted(folder.glob("*.jpg"))):
        with path.open("rb") as fh:
            image = ProductImage(product=product, position=position)
            image.original.save(path.name, File(fh), save=True)
        ids.append(image.pk)
    return ids


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="odop-bench-") as tmp_name:
        tmp = Path(tmp_name)
        photos = tmp / "photos"
        photos.mkdir()
        started = time.perf_counter()
        child = multiprocessing.get_context("spawn").Process(
            target=generate, args=(str(photos), args.count)
        )
        child.start()
        child.join()
        sizes = [p.stat().st_size for p in photos.glob("*.jpg")]
        print(
            f"generated {len(sizes)} photos of {WIDTH}×{HEIGHT} in "
            f"{time.perf_counter() - started:.1f}s, "
            f"mean {sum(sizes) / len(sizes) / 1e6:.2f} MB each"
        )
        setup_django(tmp)
        from catalog.images import process_product_image
        from catalog.models import ProductImage

        ids = create_images(photos)
        baseline = peak_rss_mb()
        started, cpu_started = time.perf_counter(), time.process_time()
        for image_id in ids:
            process_product_image(image_id)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        ready = ProductImage.objects.filter(pk__in=ids, state=ProductImage.State.READY).count()
        print(f"processed {ready}/{len(ids)} ready in {elapsed:.2f}s")
        print(f"images per second: {len(ids) / elapsed:.2f} ({elapsed / len(ids):.3f}s each)")
        print(f"CPU time per image: {cpu / len(ids):.3f}s (wall time suffers on a busy machine)")
        print(
            f"peak memory (ru_maxrss): {peak_rss_mb():.0f} MB (before processing {baseline:.0f} MB)"
        )


if __name__ == "__main__":
    main()
