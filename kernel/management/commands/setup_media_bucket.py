"""Create the media bucket if needed and give it the public-renditions policy.

Run once per deployment (compose.yaml's ``setup`` service does) with the same AWS_*
variables as the site: ``python manage.py setup_media_bucket``. Safe to run again.
"""

import json

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from kernel.s3 import public_read_policy
from kernel.storage import MediaS3Storage


class Command(BaseCommand):
    help = "Create the S3 media bucket if missing and let anyone read its finished images."

    def handle(self, *args, **options) -> None:
        storage = storages["default"]
        if not isinstance(storage, MediaS3Storage):
            raise CommandError("Media is not on S3: set AWS_STORAGE_BUCKET_NAME first.")
        client = storage.connection.meta.client
        bucket = storage.bucket_name
        existing = {entry["Name"] for entry in client.list_buckets().get("Buckets", [])}
        if bucket not in existing:
            params = {"Bucket": bucket}
            if storage.region_name and storage.region_name != "us-east-1":
                params["CreateBucketConfiguration"] = {"LocationConstraint": storage.region_name}
            client.create_bucket(**params)
            self.stdout.write(f"Created bucket {bucket}.")
        public = storage.public_prefixes
        policy = public_read_policy(bucket_name=bucket, public_prefixes=public)
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
        self.stdout.write(f"Bucket {bucket}: anyone may read {', '.join(public)}; nothing else.")
