"""Private file storage: documents staff check (GI authorised-user certificates) that must
never be reachable at a public address.

On the local file system they live under ``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT``
(which the development server and a CDN publish), and the storage refuses to make a URL.
On S3 they go to their own prefix with private ACLs and signed URLs only. Either way the
only way to read one is a staff view that streams it (see sellers/admin.py).

``MediaS3Storage`` is the default storage on S3. Product photos keep their public
renditions and their private originals (and raw uploads, which may still carry GPS) in one
bucket, told apart by name: only the renditions' folders (settings.MEDIA_PUBLIC_PREFIXES)
get plain, cacheable URLs (on the custom domain, when there is one); everything else,
``private/`` above all (``catalog.upload_names``), is written with a private ACL and only
ever linked through a short-lived signed URL.
"""

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.module_loading import import_string
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

PRIVATE_PREFIX = "private/"


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; stream them through a staff view.")


class _PrivateStorage(LazyObject):
    """settings.STORAGES["private"], built on first use.

    Built from the setting itself rather than through ``django.core.files.storage.storages``,
    which would freeze every storage setting at import time (a FileField evaluates its
    storage when its model is defined).
    """

    def _setup(self) -> None:
        config = settings.STORAGES["private"]
        self._wrapped = import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


_private = _PrivateStorage()


def private_storage():
    """The private storage (a callable, so that migrations name it rather than a path)."""
    return _private


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty


class MediaS3Storage(S3Storage):
    """Finished images by plain URL; everything else private and signed.

    Public are only names under ``public_prefixes`` (settings.MEDIA_PUBLIC_PREFIXES: the
    renditions' folders), which is also what the bucket policy lets anyone read
    (``kernel.s3.public_read_policy``): a new kind of upload is private until listed.
    Other options on top of ``S3Storage``'s: ``private_acl`` (the canned ACL of private
    objects, ``"private"``; empty for buckets with ACLs disabled, where the policy alone
    keeps them private) and ``private_expire`` (seconds a signed URL lasts, 300).
    """

    def __init__(
        self,
        *,
        public_prefixes: tuple[str, ...] | list[str] = (),
        private_acl: str | None = "private",
        private_expire: int = 300,
        **options: Any,
    ) -> None:
        options.setdefault("querystring_auth", False)
        super().__init__(**options)
        self.public_prefixes = tuple(public_prefixes)
        self.private_acl = private_acl or None
        self.private_expire = private_expire

    def is_private(self, name: str) -> bool:
        name = name.lstrip("/")
        return name.startswith(PRIVATE_PREFIX) or not name.startswith(self.public_prefixes)

    def get_object_parameters(self, name: str) -> dict[str, Any]:
        params = super().get_object_parameters(name)
        if self.is_private(name) and self.private_acl:
            params["ACL"] = self.private_acl
        return params

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        if not self.is_private(name):
            return super().url(name, parameters, expire, http_method)
        # Signed by the bucket's own endpoint, never the public custom domain.
        key = self._normalize_name(clean_name(name))
        params = {**(parameters or {}), "Bucket": self.bucket_name, "Key": key}
        return self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=expire or self.private_expire,
            HttpMethod=http_method,
        )
