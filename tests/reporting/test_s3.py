"""Storage on a real S3 API (moto's server on 127.0.0.1) through django-storages, as in production."""
import pytest
from django.core import mail
from django.urls import reverse

from reporting.models import GeneratedReport, ReportStatus, ReportSubscription
from reporting import services
from reporting.tasks import generate_subscription_report
from tests.factories import make_user

from .conftest import UNREACHABLE_PORT, s3_settings

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


@pytest.fixture
def subscription(world, officer):
    return services.subscription_save(subscription=ReportSubscription(
        name="SDC quarterly", donor=world.sdc, scope_kind="donor", period_type="quarterly",
        recipients="desk@sdc.example"), by=officer)


def test_report_is_stored_in_the_private_bucket_and_served_by_expiring_link(client, world, subscription, s3):
    s3_client, bucket = s3
    generate_subscription_report.apply(kwargs={"subscription_id": subscription.pk, "period": "2026-Q2"})
    report = GeneratedReport.objects.get()
    assert report.status == ReportStatus.DONE
    stored = s3_client.get_object(Bucket=bucket, Key=report.file.name)["Body"].read()
    assert stored.startswith(b"%PDF") and len(stored) == report.byte_size
    # Private: no public-read grant on the object.
    grants = s3_client.get_object_acl(Bucket=bucket, Key=report.file.name)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("AllUsers")]
    viewer = make_user("donor", username="sdc-viewer", organisation=world.sdc)
    client.force_login(viewer)
    response = client.get(reverse("reporting:portal_download", args=[report.pk]))
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith(s3_client.meta.endpoint_url) and "X-Amz-Expires=600" in url and "X-Amz-Signature=" in url
    import urllib.request

    with urllib.request.urlopen(url) as fetched:  # the presigned URL itself works against the server
        assert fetched.read() == stored


def test_s3_unreachable_retries_then_fails_visibly_and_the_next_run_completes_once(
        world, subscription, s3, settings, eager_retries):
    s3_client, bucket = s3
    s3_settings(settings, f"http://127.0.0.1:{UNREACHABLE_PORT}", bucket)
    result = generate_subscription_report.apply(kwargs={"subscription_id": subscription.pk, "period": "2026-Q2"})
    report = GeneratedReport.objects.get()
    assert result.get() == "failed"
    assert report.status == ReportStatus.FAILED and "EndpointConnectionError" in report.error
    assert report.attempts == 1 + generate_subscription_report.max_retries
    assert report.snapshot_digest and not mail.outbox
    # S3 is back: the next run reuses the frozen snapshot, stores once and emails once.
    s3_settings(settings, s3_client.meta.endpoint_url, bucket)
    generate_subscription_report.apply(kwargs={"subscription_id": subscription.pk, "period": "2026-Q2"})
    generate_subscription_report.apply(kwargs={"subscription_id": subscription.pk, "period": "2026-Q2"})
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.error == ""
    assert GeneratedReport.objects.count() == 1 and len(mail.outbox) == 1
    keys = [o["Key"] for o in s3_client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert keys == [report.file.name]
