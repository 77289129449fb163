"""Workshops: recording one, importing its attendee list (CSV or Excel) with a report of
bad rows, and each attendee's way to a first sale."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from orders.models import SubOrder
from sellers import assisted
from sellers.models import Attendee, SellerProfile, Workshop
from tests.factories import (
    CraftFactory,
    ProductFactory,
    SellerFactory,
    UserFactory,
    place_test_order,
)

pytestmark = pytest.mark.django_db

User = get_user_model()

HEADER = ["Name", "Mobile", "Craft", "Village"]
GOOD = [
    ["Shabnam Bano", "98123 45678", "Textiles", "Lohta"],
    ["Ramesh Kumar", "+91 99876 54321", "वस्त्र", "Chiraigaon"],
    ["Kamla Devi", "097654-32109", "", "Sarnath"],
]
BAD = [
    ["", "9812300000", "Textiles", "Lohta"],  # no name
    ["Mohan Lal", "12345", "Textiles", ""],  # not a mobile
    ["Gita", "9811122233", "Pottery", ""],  # unknown craft
    ["Shabnam again", "+919812345678", "", ""],  # same mobile as row 2
]


@pytest.fixture(autouse=True)
def textiles(craft):
    return craft


def csv_file(rows, name="attendees.csv") -> SimpleUploadedFile:
    text = "\n".join(",".join(row) for row in [HEADER, *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="attendees.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        # Excel keeps a typed-in mobile as a number: 9812345678, not "98123 45678".
        digits = row[1].replace(" ", "")
        sheet.append([row[0], int(digits) if digits.isdigit() else row[1], row[2], row[3]])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, workshop, file):
    return client.post(
        reverse("console:workshop_import", kwargs={"pk": workshop.pk}), {"file": file}
    )


def confirm(client, workshop):
    return client.post(reverse("console:workshop_import_confirm", kwargs={"pk": workshop.pk}))


def test_a_helper_records_a_workshop_in_their_district(client, helper, district):
    client.force_login(helper)
    response = client.post(
        reverse("console:workshop_create"),
        {
            "district": district.pk,
            "held_on": "2026-12-05",
            "venue": "Block office hall, Chiraigaon",
        },
    )
    workshop = Workshop.objects.get()
    assert response.url == reverse("console:workshop", kwargs={"pk": workshop.pk})
    assert workshop.district == district and list(workshop.helpers.all()) == [helper]
    assert workshop.created_by == helper


def test_a_workshop_without_venue_or_date_is_refused_with_reasons(client, helper, district):
    client.force_login(helper)
    response = client.post(reverse("console:workshop_create"), {"district": district.pk})
    page = response.content.decode()
    assert "Enter the date of the workshop." in page and "Enter where the workshop is held." in page
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_preview_writes_nothing_and_confirm_imports_once(client, helper, workshop, make_file):
    client.force_login(helper)
    response = upload(client, workshop, make_file(GOOD))
    page = response.content.decode()
    assert "3 new attendees" in page
    assert not Attendee.objects.exists()  # a preview only

    confirm(client, workshop)
    attendees = {a.mobile: a for a in Attendee.objects.filter(workshop=workshop)}
    assert set(attendees) == {"+919812345678", "+919987654321", "+919765432109"}
    assert attendees["+919987654321"].craft.name == "Textiles"  # by its Hindi name
    assert attendees["+919765432109"].craft is None
    assert attendees["+919812345678"].village == "Lohta"

    # The same file again: nobody twice.
    response = upload(client, workshop, make_file(GOOD))
    assert "3 already on the list, unchanged" in response.content.decode()
    confirm(client, workshop)
    assert Attendee.objects.filter(workshop=workshop).count() == 3


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_bad_rows_come_back_with_their_reasons_and_good_rows_still_import(
    client, helper, workshop, make_file
):
    client.force_login(helper)
    response = upload(client, workshop, make_file(GOOD + BAD))
    page = response.content.decode()
    assert "4 rows with mistakes" in page
    assert "Row 5</strong>" in page and "The name is missing." in page
    assert "Row 6</strong>" in page and "is not a 10-digit Indian mobile number." in page
    assert "Row 7</strong>" in page and "“Pottery” is not a craft we know." in page
    assert "Row 8</strong>" in page
    assert "This mobile number is already on row 2 of the file." in page

    confirm(client, workshop)
    assert Attendee.objects.filter(workshop=workshop).count() == 3


def test_the_report_reads_in_hindi_under_hi(client, helper, workshop):
    client.force_login(helper)
    url = "/hi" + reverse("console:workshop_import", kwargs={"pk": workshop.pk})
    page = client.post(url, {"file": csv_file(BAD[:1])}).content.decode()
    assert "नाम नहीं है।" in page


def test_a_file_that_is_not_a_list_is_refused_with_a_clear_message(client, helper, workshop):
    client.force_login(helper)
    page = upload(client, workshop, SimpleUploadedFile("photo.jpg", b"\xff\xd8")).content.decode()
    assert "Upload a .csv file or an Excel .xlsx file." in page
    page = upload(client, workshop, SimpleUploadedFile("list.xlsx", b"not excel")).content.decode()
    assert "This file could not be read." in page
    headless = SimpleUploadedFile("list.csv", b"Shabnam,9812345678\n")
    page = upload(client, workshop, headless).content.decode()
    assert "The first row must name the columns" in page
    assert not Attendee.objects.exists()


def test_importing_updates_a_changed_row_and_keeps_the_artisan_link(client, helper, workshop):
    artisan = User.objects.create_user(phone="+919812345678")
    Attendee.objects.create(
        workshop=workshop, name="Shabnam", mobile="+919812345678", village="", user=artisan
    )
    client.force_login(helper)
    response = upload(client, workshop, csv_file(GOOD[:1]))
    assert "1 attendee updated" in response.content.decode()
    confirm(client, workshop)
    attendee = Attendee.objects.get()
    assert (attendee.name, attendee.village, attendee.user) == ("Shabnam Bano", "Lohta", artisan)


def test_attendee_statuses_from_invited_to_first_sale(
    client, helper, workshop, django_assert_max_num_queries
):
    def attendee(name, mobile, *, status=None, sold=False):
        user = User.objects.create_user(phone=mobile) if status or sold is None else None
        Attendee.objects.create(workshop=workshop, name=name, mobile=mobile, user=user)
        if status:
            seller = SellerFactory(user=user, status=status, district=workshop.district)
            if sold:
                product = ProductFactory(seller=seller)
                place_test_order(UserFactory(), (product, 1))
            return seller
        return None

    attendee("A Invited", "+919800000001")
    attendee("B Consented", "+919800000002", sold=None)  # an account, no profile yet
    attendee("C Draft", "+919800000003", status=SellerProfile.Status.DRAFT)
    attendee("D Pending", "+919800000004", status=SellerProfile.Status.PENDING)
    attendee("E Approved", "+919800000005", status=SellerProfile.Status.APPROVED)
    attendee("F Sold", "+919800000006", status=SellerProfile.Status.APPROVED, sold=True)
    cancelled = attendee("G Cancelled", "+919800000007", status="approved", sold=True)
    SubOrder.objects.filter(seller=cancelled).update(status=SubOrder.Status.CANCELLED)
    for n in range(8, 30):  # a bigger list costs no more queries
        attendee(f"Z {n}", f"+9198000000{n:02d}")

    client.force_login(helper)
    # session, user, permissions, districts, workshop, attendees, sales, helpers, consents
    with django_assert_max_num_queries(10):
        response = client.get(reverse("console:workshop", kwargs={"pk": workshop.pk}))
    rows = {a.name: a.status for a in response.context["attendees"]}
    assert [rows[n] for n in sorted(rows)[:7]] == [
        "invited",
        "started",
        "started",
        "submitted",
        "approved",
        "first_sale",
        "approved",
    ]
    assert response.context["counts"] == {
        "invited": 23,
        "started": 2,
        "submitted": 1,
        "approved": 2,
        "first_sale": 1,
    }


def test_a_workshop_recorded_by_service_lists_its_helpers(helper, district):
    colleague = UserFactory(full_name="Anil")
    assisted.assign_helper(user=colleague, district=district)
    workshop = assisted.record_workshop(
        by=helper,
        district=district,
        held_on=timezone.localdate(),
        venue="Hall",
        helpers=[colleague],
    )
    assert set(workshop.helpers.all()) == {helper, colleague}


def test_seed_demo_gives_a_helper_and_a_workshop_with_attendees(client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", districts="varanasi", stdout=out)
    call_command("seed_demo", districts="varanasi", stdout=StringIO())  # again: no duplicates
    assert "helper@odop.example" in out.getvalue()
    workshop = Workshop.objects.get()
    assert workshop.district.slug == "varanasi" and workshop.attendees.count() == 10
    assert client.login(email="helper@odop.example", password="odop-demo-2025")
    response = client.get(reverse("console:workshop", kwargs={"pk": workshop.pk}))
    counts = response.context["counts"]
    assert counts["invited"] == 8 and counts["approved"] + counts["first_sale"] == 2


def test_a_name_too_long_for_the_list_is_reported_not_cut(client, helper, workshop):
    client.force_login(helper)
    page = upload(client, workshop, csv_file([["A" * 151, "98123 45678", "", ""]]))
    assert "1 row with mistakes" in page.content.decode()
    assert "at most 150 characters" in page.content.decode()
    confirm(client, workshop)
    assert not Attendee.objects.exists()


def test_a_craft_is_found_by_the_start_of_its_name_when_only_one_craft_starts_so(
    client, helper, workshop
):
    weaving = CraftFactory(name="Handloom weaving", name_hi="हथकरघा बुनाई")
    CraftFactory(name="Metal craft", name_hi="धातु शिल्प")
    CraftFactory(name="Metal inlay", name_hi="धातु जड़ाई")
    client.force_login(helper)
    rows = [
        ["Shabnam Bano", "98123 45678", "handloom", ""],
        ["Ramesh Kumar", "99876 54321", "हथकरघा", ""],
        ["Kamla Devi", "97654 32109", "Metal", ""],  # two crafts start so: which one?
    ]
    page = upload(client, workshop, csv_file(rows)).content.decode()
    assert "“Metal” is not a craft we know." in page
    confirm(client, workshop)
    assert {a.craft for a in Attendee.objects.all()} == {weaving}
