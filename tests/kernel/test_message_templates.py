"""The templates list the operator registers with the providers is complete and current."""

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from kernel.messaging.templates import TEMPLATES

DOC = Path(__file__).resolve().parents[2] / "docs" / "messaging-templates.md"


def test_every_template_has_its_dlt_and_whatsapp_settings():
    assert set(settings.MESSAGE_TEMPLATE_KEYS) == set(TEMPLATES)
    for key in TEMPLATES:
        assert set(settings.SMS_DLT_TEMPLATE_IDS[key]) == {"en", "hi"}
        assert settings.WHATSAPP_TEMPLATES[key]


def test_every_template_is_translated_and_fits_one_sms_with_its_values():
    for template in TEMPLATES.values():
        values = dict.fromkeys(template.params, "X" * 40)  # long links and numbers
        english = template.render(values, "en")
        hindi = template.render(values, "hi")
        assert hindi != english and "ODOP मार्केट" in hindi, template.key
        # One Unicode SMS is 70 characters; keep each under 3 parts (201 characters).
        assert len(hindi) <= 201 and len(english) <= 306, template.key
    with translation.override("en"):
        assert "%(" not in TEMPLATES["login_code"].render({"code": "1", "minutes": "5"}, "hi")


def test_the_doc_is_the_commands_output():
    out = StringIO()
    call_command("message_templates", stdout=out)
    assert DOC.read_text(encoding="utf-8") == out.getvalue(), (
        "Regenerate: python manage.py message_templates > docs/messaging-templates.md"
    )
