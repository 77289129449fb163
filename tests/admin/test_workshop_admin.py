"""Operations run workshops from the admin: helpers' districts, workshops, and a
workshop's attendee list imported with the same resource and checks as the helpers'."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sellers import assisted
from sellers.models import Attendee
from tests.factories import DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "Name,Mobile,Craft,Village\n"
    "Shabnam Bano,98123 45678,,Lohta\n"
    "Ramesh Kumar,+91 99876 54321,,Chiraigaon\n"
)
BAD = GOOD + ",12345,,\n"


def _import(client, workshop, text):
    page = client.get("/admin/sellers/attendee/import/").content.decode()
    csv_value = re.search(r'<option value="(\d+)"[^>]*>csv</option>', page).group(1)
    response = client.post(
        "/admin/sellers/attendee/import/",
        {
            "workshop": workshop.pk,
            "format": csv_value,
            "import_file": SimpleUploadedFile("list.csv", text.encode()),
        },
    )
    page = response.content.decode()
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page))
    return page, fields


def test_operations_import_a_workshops_list_in_the_admin_once(operations_client):
    district = DistrictFactory()
    workshop = assisted.record_workshop(
        by=UserFactory(), district=district, held_on=timezone.localdate(), venue="Hall"
    )
    # The admin, like the helpers' page, says what is wrong; it imports only a clean file.
    page, fields = _import(operations_client, workshop, BAD)
    assert "The name is missing." in page
    assert "“12345” is not a 10-digit Indian mobile number." in page
    assert not Attendee.objects.exists() and "process_import" not in page

    for _time in range(2):
        page, fields = _import(operations_client, workshop, GOOD)
        confirm = {
            key: fields[key]
            for key in ("import_file_name", "original_file_name", "format", "resource", "workshop")
            if key in fields
        }
        operations_client.post("/admin/sellers/attendee/process_import/", confirm)
    mobiles = set(Attendee.objects.filter(workshop=workshop).values_list("mobile", flat=True))
    assert mobiles == {"+919812345678", "+919987654321"}


def test_operations_read_the_audit_trail_but_cannot_change_it(operations_client):
    assert operations_client.get("/admin/sellers/assistedaction/").status_code == 200
    assert operations_client.get("/admin/sellers/assistedaction/add/").status_code == 403
    assert operations_client.get("/admin/sellers/helperassignment/add/").status_code == 200
    assert operations_client.get("/admin/sellers/workshop/add/").status_code == 200


def test_only_operations_may_import_attendees(curator_client):
    assert curator_client.get("/admin/sellers/attendee/import/").status_code == 403
    response = curator_client.post("/admin/sellers/attendee/process_import/", {})
    assert response.status_code == 403
