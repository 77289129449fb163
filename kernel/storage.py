"""Private file storage: documents staff check (GI authorised-user certificates) that must
never be reachable at a public address.

On the local file system they live under ``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT``
(which the development server and a CDN publish), and the storage refuses to make a URL.
On S3 they go to their own prefix with private ACLs and signed URLs only. Either way the
only way to read one is a staff view that streams it (see sellers/admin.py).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.module_loading import import_string


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
