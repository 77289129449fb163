"""Journey: an ODOP helper at a district workshop, on a phone in Hindi.

The helper records the workshop, imports the invitation list of 20 attendees, and
onboards one artisan who is present: the artisan reads out the code that came by SMS
(the locmem SMS backend keeps it), the helper fills the profile and bank steps with them and lists a
first product as a draft with a photo from the phone's camera (a file input with
capture="environment"; the test hands it a JPEG).

The artisan's account, made with their mobile number, then holds the draft: she signs
in later with that number and a code by SMS, and finds the helper's work on /sell/.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from catalog.models import Product
from districts.models import District
from sellers import assisted
from sellers.models import AssistedAction, Attendee, SellerProfile
from tests import sms
from tests.e2e.conftest import E2E, PASSWORD, hi, jpeg_file
from tests.factories import UserFactory
from tests.roles import HELPER

pytestmark = E2E

HELPER_EMAIL = "sunita.helper@odop.example"
ARTISAN_MOBILE = "+919812300007"
NAMES = [
    "शबनम बानो", "रमेश कुमार", "कमला देवी", "मोहम्मद इरफ़ान", "सुनीता मौर्य",
    "अब्दुल कलाम अंसारी", "गीता प्रजापति", "विनोद बिंद", "रुख़साना", "अनीता पटेल",
    "सलमा ख़ातून", "राजेश वर्मा", "फ़ातिमा बेगम", "मुन्नी देवी", "इक़बाल अहमद",
    "सरोज यादव", "नसीम अख़्तर", "पूजा विश्वकर्मा", "राधा देवी", "हसीना बानो",
]  # fmt: skip


def _helper(varanasi):
    user = UserFactory(email=HELPER_EMAIL, full_name="Sunita Yadav", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=HELPER_EMAIL, verified=True, primary=True)
    user.groups.add(Group.objects.get(name=HELPER))
    assisted.assign_helper(user=user, district=varanasi)
    return user


def _attendee_list(folder, craft_name: str):
    lines = ["name,mobile,craft,village"]
    for n, name in enumerate(NAMES, start=1):
        lines.append(f"{name},98123 000{n:02d},{craft_name if n % 2 else ''},लोहता")
    path = folder / "attendees.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_helper_onboards_an_artisan_at_a_workshop(page, site, journey, districts, tmp_path):
    varanasi = District.objects.get(slug="varanasi")
    craft = varanasi.odop_products.select_related("craft").first().craft
    _helper(varanasi)

    # The helper signs in with their email and password.
    page.goto(f"{site}/hi/accounts/login/?next=/hi/sell/workshops/")
    page.locator("input[name=login]").fill(HELPER_EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url("**/hi/sell/workshops/")
    expect(page.get_by_role("heading", level=1)).to_have_text(hi("Workshops"))
    journey.shot(page, "workshops")

    # Records today's workshop.
    page.get_by_role("link", name=hi("Record a workshop")).click()
    page.get_by_label(hi("District")).select_option(label=varanasi.name_hi)
    page.get_by_label(hi("Venue")).fill("ब्लॉक कार्यालय हॉल, चिरईगाँव")
    journey.shot(page, "workshop-form")
    page.get_by_role("button", name=hi("Save the workshop")).click()
    page.wait_for_url("**/hi/sell/workshops/*/")
    journey.shot(page, "workshop-empty")

    # Imports the invitation list: a preview with the report, then the import.
    page.get_by_role("link", name=hi("Import attendees")).click()
    page.get_by_label(hi("Attendee list (CSV or Excel)")).set_input_files(
        _attendee_list(tmp_path, craft.name)
    )
    page.get_by_role("button", name=hi("Check the file")).click()
    expect(page.locator("main")).to_contain_text("20 नए प्रतिभागी")
    journey.shot(page, "import-preview")
    page.get_by_role("button", name=hi("Import the good rows")).click()
    page.wait_for_url("**/hi/sell/workshops/*/")
    expect(page.locator(".attendee")).to_have_count(20)
    journey.shot(page, "workshop-attendees")

    # Onboards Geeta, who is there with her phone: she reads out the SMS code.
    geeta = page.locator(".attendee", has_text="गीता प्रजापति")
    geeta.get_by_role("link", name=hi("Onboard")).click()
    expect(page.get_by_label(hi("Artisan's mobile number"))).to_have_value("+91 98123 00007")
    journey.shot(page, "consent-start")
    page.get_by_role("button", name=hi("Send the code by SMS")).click()
    page.wait_for_url("**/hi/sell/workshops/consent/*/")
    page.get_by_label(hi("Code from the SMS")).fill(sms.last_code(ARTISAN_MOBILE))
    journey.shot(page, "consent-code")
    page.get_by_role("button", name=hi("Confirm consent")).click()
    page.wait_for_url("**/hi/sell/assist/*/")
    journey.shot(page, "assist-start")

    # The profile step (the artisan's own onboarding form), with her.
    page.get_by_role("link", name=hi("Fill in")).click()
    page.get_by_label(hi("Your name or shop name (in English)")).fill("Geeta Pottery")
    page.get_by_label(hi("Your name or shop name (in Hindi)")).fill("गीता माटी कला")
    page.get_by_label(hi("Your craft")).select_option(label=craft.name_hi or craft.name)
    journey.shot(page, "assist-profile")
    page.get_by_role("button", name=hi("Save and continue")).click()

    # Business and bank: saved numbers are shown masked, even to the helper.
    page.wait_for_url("**/hi/sell/assist/*/business/")
    page.get_by_label(hi("Bank account number")).fill("123456789012")
    page.get_by_label(hi("IFSC of your bank branch")).fill("SBIN0001234")
    page.get_by_label(hi("Account holder's name")).fill("Geeta Prajapati")
    journey.shot(page, "assist-business")
    page.get_by_role("button", name=hi("Save and continue")).click()
    page.wait_for_url("**/hi/sell/assist/*/")
    expect(page.locator("main")).to_contain_text("XXXXXXXX9012")
    expect(page.locator("main")).not_to_contain_text("123456789012")

    # A first product as a draft, photographed with the phone's camera.
    page.get_by_role("link", name=hi("Add a product with a photo")).click()
    camera = page.locator("input[type=file][capture=environment]")
    expect(camera).to_have_attribute("accept", "image/*")
    camera.set_input_files(jpeg_file(tmp_path, "camera.jpg", size=(1200, 900)))
    page.get_by_label(hi("Product name (in Hindi)")).fill("टेराकोटा दीया")
    page.get_by_label(hi("Product name (in English)")).fill("Terracotta diya")
    page.get_by_label(hi("Price in rupees (₹), GST included")).fill("120")
    page.get_by_label(hi("Pieces ready to send")).fill("25")
    journey.shot(page, "assist-product")
    page.get_by_role("button", name=hi("Save as draft")).click()
    page.wait_for_url("**/hi/sell/assist/*/")
    expect(page.locator("main")).to_contain_text("टेराकोटा दीया")
    journey.shot(page, "assist-done")

    # The account is Geeta's own, made with her mobile, and holds the draft.
    attendee = Attendee.objects.select_related("user").get(mobile=ARTISAN_MOBILE)
    artisan = attendee.user
    assert artisan.phone == ARTISAN_MOBILE and artisan.phone_verified
    profile = SellerProfile.objects.get(user=artisan)
    product = Product.objects.get(seller=profile)
    assert product.status == Product.Status.DRAFT and product.images.count() == 1
    assert AssistedAction.objects.filter(artisan=artisan).count() == 4

    # The helper's workshop page now shows her as started.
    page.goto(page.url.split("/hi/")[0] + f"/hi/sell/workshops/{attendee.workshop_id}/")
    expect(page.locator(".attendee", has_text="गीता प्रजापति")).to_contain_text(hi("Started"))
    journey.shot(page, "workshop-statuses")

    # Geeta, later, on her own phone: she signs in with her mobile number and an SMS code,
    # and finds what the helper did and her draft.
    page.context.clear_cookies()
    page.goto(f"{site}/hi/accounts/login/code/")
    page.locator("input[name=phone]").fill("98123 00007")
    journey.shot(page, "artisan-sign-in")
    page.locator("form[action$='/accounts/login/code/'] button[type=submit]").click()
    page.wait_for_url("**/hi/accounts/login/code/confirm/")
    page.locator("input[name=code]").fill(sms.last_login_code(ARTISAN_MOBILE))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{site}/hi/sell/")
    expect(page.get_by_role("heading", name=hi("Done with an ODOP helper"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Sunita Yadav")
    journey.shot(page, "artisan-dashboard")
    page.goto(f"{site}/hi/sell/products/")
    expect(page.locator("main")).to_contain_text("टेराकोटा दीया")
    journey.shot(page, "artisan-drafts")
