"""Serving uploaded images from the media folder when there is no S3 bucket.

README's deployment works without S3: then gunicorn serves /media/ itself (a proxy may
serve the same folder faster, with the same rules). Only finished images go out:

- only under ``settings.MEDIA_PUBLIC_PREFIXES``, the same list that makes objects public
  on S3: never raw uploads waiting for the worker, which removes their metadata (an
  artisan's or a reviewer's phone photo carries the GPS of their home: ``private/``,
  ``reviews/uploads/``, the older ``products/originals/``), nor cleaned originals;
- only ``.jpg``, ``.jpeg``, ``.png`` and ``.webp`` files, which our pipeline writes; no
  HTML, SVG or anything a browser would run on our origin;
- no directory listing and no path outside the folder (``django.views.static.serve``).
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from django.views.static import serve

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
#: Names are reused when a photo is re-processed: browsers check again after a day.
MAX_AGE_SECONDS = 24 * 60 * 60


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    name = PurePosixPath(path)
    if name.suffix.lower() not in IMAGE_SUFFIXES or ".." in name.parts:
        raise Http404
    if not path.lstrip("/").startswith(tuple(settings.MEDIA_PUBLIC_PREFIXES)):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response
