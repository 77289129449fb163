"""Attendee lists for a workshop, imported from CSV or Excel with django-import-export.

Columns: name, mobile, craft, village (headers in any case; "name" and "mobile" must be
there). Each row is checked before anything is written, and a bad row comes back with its
reasons: a missing name, a mobile number that is not an Indian mobile, a craft we do not
know, a number already on an earlier row of the same file. Rows match existing attendees
of the workshop on the mobile number, so importing the same file twice adds nobody twice.

``preview_attendees`` runs the import in a transaction that is rolled back (import-export's
dry run); ``import_attendees`` writes the good rows and reports the bad ones, which can be
corrected and the whole file imported again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX
from import_export.instance_loaders import CachedInstanceLoader

from accounts.validators import normalize_indian_mobile, validate_indian_mobile
from districts.models import Craft
from sellers.models import Attendee, Workshop

COLUMNS = ("name", "mobile", "craft", "village")
REQUIRED_COLUMNS = ("name", "mobile")
#: A workshop list, not a census: bigger files are refused.
MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (not CSV or Excel, no header, too big)."""


def _text(value) -> str:
    """A cell as text: Excel gives numbers for mobiles (9876543210 or 9876543210.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return str(value).strip()


def _craft_key(text: str) -> str:
    return slugify(text) or text.strip().casefold()


class CraftWidget(widgets.ForeignKeyWidget):
    """A craft by its English or Hindi name or its slug, case and spacing ignored."""

    def __init__(self) -> None:
        super().__init__(Craft)
        self._crafts: dict[str, Craft] | None = None

    def _lookup(self) -> dict[str, Craft]:
        if self._crafts is None:
            self._crafts = {}
            for craft in Craft.objects.only("pk", "name", "name_hi", "slug"):
                for label in (craft.slug, craft.name, craft.name_hi):
                    if label:
                        self._crafts.setdefault(_craft_key(label), craft)
                        self._crafts.setdefault(label.strip().casefold(), craft)
        return self._crafts

    def find(self, value: str) -> Craft | None:
        """By a full name or slug; else by the start of one, if only one craft has it
        ("Textiles" for "Textiles & weaving", "मिट्टी" for "मिट्टी के बर्तन")."""
        crafts = self._lookup()
        found = crafts.get(_craft_key(value)) or crafts.get(value.strip().casefold())
        if found is None and value.strip():
            starts = {
                craft.pk: craft
                for label, craft in crafts.items()
                if label.startswith(_craft_key(value)) or label.startswith(value.casefold())
            }
            found = next(iter(starts.values())) if len(starts) == 1 else None
        return found

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        return self.find(text) if text else None


class AttendeeResource(resources.ModelResource):
    craft = fields.Field(attribute="craft", column_name="craft", widget=CraftWidget())

    class Meta:
        model = Attendee
        fields = COLUMNS
        import_id_fields = ("mobile",)
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True  # nobody reads import-export's HTML diff, and it was slow
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, workshop: Workshop) -> None:
        super().__init__()
        self.workshop = workshop
        self._seen: dict[str, int] = {}

    def get_queryset(self):
        return Attendee.objects.filter(workshop=self.workshop)

    def before_import(self, dataset, **kwargs) -> None:
        """Our column names and clean text, whichever way the file came (the helper's page
        has done this already; the admin's import has not)."""
        clean = _normalised(dataset)
        dataset.wipe()
        dataset.headers = clean.headers
        for row in clean:
            dataset.append(row)

    def init_instance(self, row=None) -> Attendee:
        return Attendee(workshop=self.workshop)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The row's own fields only (lengths, the mobile's format), asking the database
        nothing: the workshop and the craft are ours already, and a mobile is unique in
        the workshop by construction (rows match saved attendees on it, a repeat in the
        file is refused), with the database's constraint behind. Django's full_clean
        asked three queries per row for these, most of an import's time."""
        errors = dict(import_validation_errors or {})
        try:
            instance.clean_fields(exclude=[*errors, "workshop", "craft", "user"])
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_import_row(self, row, row_number=None, **kwargs) -> None:
        """Every reason a row is refused, at once, in the reader's language."""
        errors: dict[str, list] = {}
        if not row.get("name"):
            errors["name"] = [_("The name is missing.")]
        mobile = row.get("mobile", "")
        if not mobile:
            errors["mobile"] = [_("The mobile number is missing.")]
        else:
            try:
                validate_indian_mobile(mobile)
            except ValidationError:
                errors["mobile"] = [
                    _("“%(value)s” is not a 10-digit Indian mobile number.") % {"value": mobile}
                ]
            else:
                first = self._seen.setdefault(mobile, row_number)
                if first != row_number:
                    errors["mobile"] = [
                        _("This mobile number is already on row %(row)d of the file.")
                        % {"row": first + 1}
                    ]
        craft = row.get("craft", "")
        if craft and self.fields["craft"].widget.find(craft) is None:
            errors["craft"] = [_("“%(value)s” is not a craft we know.") % {"value": craft}]
        if errors:
            raise ValidationError(errors)


def read_dataset(upload) -> tablib.Dataset:
    """The uploaded CSV or Excel file as a dataset with our column names and clean text.

    Mobile numbers are normalised to "+91…" here, so that they match saved ones.
    """
    if upload.size > MAX_BYTES:
        raise ImportFileError(_("The file is too big: at most 2 MB."), code="too_big")
    name = upload.name.lower()
    content = upload.read()
    try:
        if name.endswith(".xlsx"):
            raw = XLSX().create_dataset(content)
        elif name.endswith(".csv"):
            raw = CSV().create_dataset(content.decode("utf-8-sig"))
        else:
            raise ImportFileError(
                _("Upload a .csv file or an Excel .xlsx file."), code="wrong_type"
            )
    except ImportFileError:
        raise
    except Exception as error:  # a damaged or mislabelled file: say so, never a 500
        raise ImportFileError(
            _("This file could not be read. Save it again as CSV (UTF-8) or Excel .xlsx."),
            code="unreadable",
        ) from error
    return _normalised(raw)


def _normalised(raw: tablib.Dataset) -> tablib.Dataset:
    """A new dataset with the columns of COLUMNS, text cells and "+91…" mobiles; the file's
    columns may come in any order and case. Idempotent."""
    headers = [_text(h).casefold() for h in (raw.headers or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        raise ImportFileError(
            _("The first row must name the columns: name, mobile, craft, village. Missing: %(m)s.")
            % {"m": ", ".join(missing)},
            code="columns",
        )
    dataset = tablib.Dataset(headers=list(COLUMNS))
    for values in raw:
        cells = dict(zip(headers, values, strict=False))
        row = [_text(cells.get(column)) for column in COLUMNS]
        if not any(row):
            continue  # blank lines at the end of a sheet
        mobile = row[1]
        row[1] = normalize_indian_mobile(mobile) if mobile else ""
        dataset.append(row)
    if len(dataset) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(n)d rows. Split it into smaller lists.") % {"n": MAX_ROWS},
            code="too_many_rows",
        )
    if not len(dataset):
        raise ImportFileError(_("The file has no attendees in it."), code="empty")
    return dataset


@dataclass
class BadRow:
    line: int  # as the spreadsheet numbers it: the header is line 1
    values: dict[str, str]
    reasons: list[str]


@dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.bad_rows


def _report(dataset: tablib.Dataset, result) -> ImportReport:
    report = ImportReport(
        new=result.totals["new"], updated=result.totals["update"], unchanged=result.totals["skip"]
    )
    for invalid in result.invalid_rows:
        reasons = [
            str(message)
            for key in ("name", "mobile", "craft", "village", NON_FIELD_ERRORS)
            for message in invalid.error_dict.get(key, [])
        ]
        reasons += [
            str(m)
            for key, messages in invalid.error_dict.items()
            if key not in (*COLUMNS, NON_FIELD_ERRORS)
            for m in messages
        ]
        values = dict(zip(COLUMNS, dataset[invalid.number - 1], strict=True))
        report.bad_rows.append(BadRow(line=invalid.number + 1, values=values, reasons=reasons))
    for number, errors in result.row_errors():  # unexpected: keep the row, say it failed
        values = dict(zip(COLUMNS, dataset[number - 1], strict=True))
        report.bad_rows.append(
            BadRow(line=number + 1, values=values, reasons=[str(e.error) for e in errors])
        )
    report.bad_rows.sort(key=lambda row: row.line)
    return report


def preview_attendees(*, workshop: Workshop, dataset: tablib.Dataset) -> ImportReport:
    """What importing ``dataset`` would do, written nowhere (a rolled-back dry run)."""
    result = AttendeeResource(workshop=workshop).import_data(dataset, dry_run=True)
    return _report(dataset, result)


def import_attendees(*, workshop: Workshop, dataset: tablib.Dataset) -> ImportReport:
    """Add and update the workshop's attendees from the good rows of ``dataset``; each
    good row is written in its own transaction, bad rows are left out and reported."""
    result = AttendeeResource(workshop=workshop).import_data(dataset, dry_run=False)
    return _report(dataset, result)
