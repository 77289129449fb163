"""The ODOP cell's dashboard: figures from the rollups, exports, and who sees which district."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from dashboards.models import DistrictNote
from districts.models import DistrictOfficerAssignment
from orders import rollups
from orders.models import ReturnRequest, SubOrder
from tests.admin.conftest import CURATOR, OPERATIONS, make_staff, sign_in_with_code
from tests.factories import (
    DistrictFactory,
    OrderFactory,
    OrderLineFactory,
    SellerFactory,
    SubOrderFactory,
)
from tests.roles import OFFICER, restore_staff_roles

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _client(user) -> Client:
    """Staff sign in with their code (the admin refuses a password-only session)."""
    client = Client()
    if user.is_staff:
        sign_in_with_code(client, user)
    else:
        client.force_login(user)
    return client


def sell(seller, *, days_ago: int, amount: str, quantity: int = 1, status: str = "delivered"):
    when = timezone.now() - timedelta(days=days_ago)
    sub = SubOrderFactory(
        order=OrderFactory(placed_at=when), seller=seller, status=status, line=None
    )
    OrderLineFactory(
        suborder=sub,
        title=f"Saree by {seller.display_name}",
        quantity=quantity,
        unit_price=Decimal(amount),
        line_total=Decimal(amount) * quantity,
    )


@pytest.fixture
def state():
    restore_staff_roles()
    varanasi = DistrictFactory(name="Varanasi", slug="varanasi", division="Varanasi")
    agra = DistrictFactory(name="Agra", slug="agra", division="Agra")
    weaver = SellerFactory(district=varanasi, display_name="Weaver")
    carver = SellerFactory(district=agra, display_name="Carver")
    sell(weaver, days_ago=1, amount="1600.00")  # this period
    sell(weaver, days_ago=40, amount="1000.00")  # the 30 days before
    sell(weaver, days_ago=366, amount="800.00")  # a year earlier
    sell(carver, days_ago=2, amount="9000.00", quantity=2)
    sell(carver, days_ago=3, amount="500.00", status="cancelled")
    rollups.rebuild(since=TODAY - timedelta(days=400))
    return {"varanasi": varanasi, "agra": agra}


@pytest.fixture
def officer(state):
    user = make_staff(group=OFFICER)
    DistrictOfficerAssignment.objects.create(user=user, district=state["varanasi"])
    return user


def test_the_state_page_ranks_districts_and_shows_growth(state):
    html = _client(make_staff(group=CURATOR)).get("/admin/dashboard/").content.decode()
    assert html.index("Agra") < html.index("Varanasi")  # ₹18,000 before ₹1,600
    assert "₹18,000" in html and "₹1,600" in html
    assert "+60.0%" in html  # Varanasi: ₹1,600 against ₹1,000 the 30 days before
    assert "+100.0%" in html  # and against ₹800 a year earlier
    assert "50.0%" in html  # Agra: one of its two parts of orders was cancelled
    assert "33.3%" in html  # the state: one of three
    assert 'src="data:image/svg+xml;' in html


def test_the_headline_return_rate_counts_parts_with_an_accepted_return(state):
    part = SubOrder.objects.get(
        seller__display_name="Weaver",
        status="delivered",
        order__placed_at__gte=timezone.now() - timedelta(days=2),
    )
    for status in ("refunded", "rejected"):
        ReturnRequest.objects.create(
            line=part.lines.get(),
            suborder=part,
            buyer=part.order.buyer,
            quantity=1,
            reason="damaged",
            status=status,
            refund_amount=Decimal("1600.00"),
        )
    rollups.rebuild(since=TODAY - timedelta(days=400))

    html = _client(make_staff(group=CURATOR)).get("/admin/dashboard/").content.decode()

    # One of the period's three parts; the refused return of the same part adds nothing.
    assert 'Return rate<span class="figure">33.3%</span>' in html


def test_the_dashboard_is_in_hindi_under_hi(state):
    html = _client(make_staff(group=OPERATIONS)).get("/hi/admin/dashboard/").content.decode()
    assert 'lang="hi"' in html
    assert "ODOP dashboard" not in html


def test_every_table_downloads_as_csv_and_excel(state):
    client = _client(make_staff(group=CURATOR))
    for key in ("ranking", "divisions", "trend", "top-products", "top-artisans"):
        response = client.get(f"/admin/dashboard/?export={key}&format=csv")
        assert response.status_code == 200, key
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) >= 2, key
        response = client.get(f"/admin/dashboard/?export={key}&format=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row >= 2, key
    ranking = client.get("/admin/dashboard/?export=ranking&format=csv").content.decode("utf-8-sig")
    assert "₹18,000" in ranking  # the site's money format, as on the page


def test_a_page_view_reads_the_rollups_not_the_orders(state):
    client = _client(make_staff(group=CURATOR))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/dashboard/?start=2020-01-01&end=" + str(TODAY)).status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "orders_districtdaysales" in sql
    assert '"orders_order"' not in sql and '"orders_suborder"' not in sql


def test_an_officer_sees_only_their_district_on_the_state_page(officer):
    html = _client(officer).get("/admin/dashboard/").content.decode()
    assert "Varanasi" in html and "Agra" not in html and "Carver" not in html
    csv_text = _client(officer).get("/admin/dashboard/?export=ranking&format=csv").content
    assert "Agra" not in csv_text.decode("utf-8-sig")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/dashboard/districts/agra/",
        "/hi/admin/dashboard/districts/agra/",
        "/admin/dashboard/districts/agra/?export=orders&format=csv",
        "/admin/dashboard/districts/agra/?export=artisans&format=xlsx",
    ],
)
def test_an_officer_cannot_open_another_district_by_any_url(officer, url):
    assert _client(officer).get(url).status_code == 404


def test_an_officer_cannot_post_a_note_on_another_district(officer, state):
    response = _client(officer).post("/admin/dashboard/districts/agra/", {"body": "Hello"})
    assert response.status_code == 404
    assert not DistrictNote.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/orders/order/",
        "/admin/orders/order/?suborders__seller__district__id__exact={agra}",
        "/admin/orders/suborder/?seller__district__id__exact={agra}",
        "/admin/sellers/sellerprofile/?district__id__exact={agra}",
        "/admin/orders/order/export/?seller__district__id__exact={agra}",
        "/admin/catalog/product/?district__id__exact={agra}",
    ],
)
def test_an_officer_gets_no_admin_list_or_filter_of_any_district(officer, state, url):
    response = _client(officer).get(url.format(agra=state["agra"].pk))
    assert response.status_code == 403


def test_an_officer_sees_their_districts_orders_artisans_and_writes_notes(officer, state):
    client = _client(officer)
    html = client.get("/admin/dashboard/districts/varanasi/").content.decode()
    assert "Weaver" in html and "OD-TEST-" in html
    response = client.post("/admin/dashboard/districts/varanasi/", {"body": "Workshop in May"})
    assert response.status_code == 302
    note = DistrictNote.objects.get()
    assert (note.district, note.author) == (state["varanasi"], officer)
    assert "Workshop in May" in client.get("/admin/dashboard/districts/varanasi/").content.decode()


def test_curators_and_operations_keep_the_state_wide_view(state):
    for group in (CURATOR, OPERATIONS):
        client = _client(make_staff(group=group))
        assert client.get("/admin/dashboard/districts/agra/").status_code == 200
        assert client.get("/admin/dashboard/districts/varanasi/").status_code == 200


def test_people_without_a_dashboard_role_are_refused(state):
    assert _client(SellerFactory().user).get("/admin/dashboard/").status_code == 403
    assert _client(make_staff()).get("/admin/dashboard/").status_code == 403
    assert Client().get("/admin/dashboard/").status_code == 302


def test_a_password_only_staff_session_is_sent_to_the_code_step_not_the_dashboard():
    client = Client()
    client.force_login(make_staff(group=CURATOR))  # the password step only

    for path in ("/admin/dashboard/", "/hi/admin/dashboard/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/admin/login/" in response["Location"], path


def test_workshops_table_shows_where_each_districts_attendees_are(
    state, django_assert_max_num_queries
):
    from django.contrib.auth import get_user_model

    from sellers import assisted
    from sellers.models import Attendee, SellerProfile

    varanasi, agra = state["varanasi"], state["agra"]
    helper = make_staff(group=OPERATIONS)
    workshop = assisted.record_workshop(by=helper, district=varanasi, held_on=TODAY, venue="Hall")
    assisted.record_workshop(by=helper, district=varanasi, held_on=TODAY, venue="School")
    weaver = SellerProfile.objects.get(display_name="Weaver")  # sold this period
    Attendee.objects.create(workshop=workshop, name="Weaver", mobile="+919800000001",
                            user=weaver.user)  # fmt: skip
    pending = SellerFactory(district=varanasi, status=SellerProfile.Status.PENDING)
    Attendee.objects.create(workshop=workshop, name="P", mobile="+919800000002", user=pending.user)
    started = get_user_model().objects.create_user(phone="+919800000003")
    Attendee.objects.create(workshop=workshop, name="S", mobile="+919800000003", user=started)
    for n in range(4, 9):
        Attendee.objects.create(workshop=workshop, name=f"I{n}", mobile=f"+91980000000{n}")
    agra_workshop = assisted.record_workshop(by=helper, district=agra, held_on=TODAY, venue="Fort")
    Attendee.objects.create(workshop=agra_workshop, name="A", mobile="+919800000001")

    client = _client(make_staff(group=CURATOR))
    response = client.get("/admin/dashboard/?export=workshops&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["District", "Workshops", "Attendees", "Invited", "Started", "Submitted",
                       "Approved", "First sale"]  # fmt: skip
    assert rows[1] == ["Varanasi", "2", "8", "5", "1", "1", "0", "1"]
    assert rows[2] == ["Agra", "1", "1", "1", "0", "0", "0", "0"]

    officer = make_staff(group=OFFICER)
    DistrictOfficerAssignment.objects.create(user=officer, district=agra)
    html = _client(officer).get("/admin/dashboard/").content.decode()
    assert "Workshops and their attendees" in html and "Fort" not in html

    page = client.get("/admin/dashboard/districts/varanasi/?export=workshops&format=csv")
    rows = list(csv.reader(io.StringIO(page.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["School", "Hall"]
    assert rows[2][2:] == ["8", "5", "1", "1", "0", "1"]

    with CaptureQueriesContext(connection) as queries:
        client.get("/admin/dashboard/")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"orders_suborder"' not in sql  # first sales from the rollups
    for n in range(9, 40):  # more attendees cost no more queries
        Attendee.objects.create(workshop=workshop, name=f"I{n}", mobile=f"+9198000000{n}")
    with django_assert_max_num_queries(len(queries.captured_queries)):
        client.get("/admin/dashboard/")
