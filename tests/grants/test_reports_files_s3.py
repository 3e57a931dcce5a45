"""Evidence files on S3 (moto in-process): private objects, and presigned links that expire."""
import time
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws

from grants.models import Attachment
from grants.services.reports import attachment_add, attachment_link
from tests.factories.reports import world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def s3_storage(settings, monkeypatch):
    from storages.backends.s3 import S3Storage

    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="portfolio-private")
        storage = S3Storage(bucket_name="portfolio-private", region_name="us-east-1", access_key="test",
                            secret_key="test", default_acl=None, querystring_auth=True, querystring_expire=600,
                            file_overwrite=False)
        field = Attachment._meta.get_field("file")
        monkeypatch.setattr(field, "storage", storage)
        settings.PORTAL_FILE_LINK_MAX_AGE = 120
        yield storage


def test_evidence_goes_to_a_private_bucket_behind_expiring_links(world, s3_storage):
    attachment = attachment_add(report=world.report, upload=SimpleUploadedFile("minutes.pdf", PDF), by=world.partner)
    key = attachment.file.name
    assert key.startswith(f"private/reports/{world.grant.pk}/{world.report.pk}/") and key.endswith(".pdf")
    client = boto3.client("s3", region_name="us-east-1")
    assert client.get_object(Bucket="portfolio-private", Key=key)["Body"].read() == PDF
    grants = client.get_object_acl(Bucket="portfolio-private", Key=key)["Grants"]
    assert not any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in grants)  # not public

    url = attachment_link(attachment=attachment, user=world.partner)
    query = parse_qs(urlparse(url).query)
    assert urlparse(url).path.endswith(key)
    # Signed, and expiring after the portal's link lifetime (120 s), not the storage default (600 s).
    if "X-Amz-Expires" in query:
        assert query["X-Amz-Expires"] == ["120"] and "X-Amz-Signature" in query
    else:
        assert abs(int(query["Expires"][0]) - (time.time() + 120)) < 10 and "Signature" in query
    assert query["response-content-disposition"] == ['attachment; filename="minutes.pdf"']
