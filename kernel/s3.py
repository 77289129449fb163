"""Where browsers fetch media from an S3-compatible bucket, for the content security policy.

``bucket_origin`` gives the origin of the bucket's public objects (renditions) for the
storage settings, whatever the addressing style: settings.py puts it in ``img-src``.
It needs neither Django settings nor the network, so settings.py can call it.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def bucket_origin(
    *,
    bucket_name: str,
    endpoint_url: str | None = None,
    region_name: str | None = None,
    addressing_style: str | None = None,
    custom_domain: str | None = None,
    url_protocol: str | None = None,
) -> str:
    """The scheme and host browsers load the bucket's public objects from.

    With a custom domain (a CDN) that domain; otherwise the host botocore itself puts in
    an object's URL for this endpoint, region and addressing style (``virtual``:
    ``bucket.s3.region.amazonaws.com``; ``path``: the endpoint's host), so that it never
    disagrees with the URLs on the pages. Works offline: nothing is sent.
    """
    if custom_domain:
        host = custom_domain.strip("/").split("/")[0]
        return f"{(url_protocol or 'https:').rstrip(':')}://{host}"
    import botocore.session
    from botocore import UNSIGNED
    from botocore.config import Config

    client = botocore.session.get_session().create_client(
        "s3",
        region_name=region_name or "us-east-1",
        endpoint_url=endpoint_url or None,
        aws_access_key_id="origin",
        aws_secret_access_key="origin",
        config=Config(signature_version=UNSIGNED, s3={"addressing_style": addressing_style}),
    )
    url = client.generate_presigned_url(
        "get_object", Params={"Bucket": bucket_name, "Key": "origin"}
    )
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def public_read_policy(*, bucket_name: str, public_prefixes: list[str] | tuple[str, ...]) -> dict:
    """A bucket policy that lets anyone read the objects under ``public_prefixes`` only.

    An allow-list: originals, raw uploads (which may still carry GPS), documents and any
    kind of file added later stay readable only by signed URL. (An explicit Deny on
    ``private/*`` would also refuse the signed URLs of the bucket's own keys.)
    """
    arn = f"arn:aws:s3:::{bucket_name}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicImages",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [f"{arn}/{prefix}*" for prefix in public_prefixes],
            }
        ],
    }
