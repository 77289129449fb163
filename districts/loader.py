"""Loads the 75 districts, their crafts, GI tags and ODOP products from districts/data/.

The data file ships with the project (derived from the shared ODOP source list); nothing
here reads outside the repository at run time.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from districts.models import Craft, District, GITag, ODOPProduct

DATA_FILE = Path(__file__).resolve().parent / "data" / "districts.json"


@dataclass
class LoadResult:
    crafts: int
    gi_tags: int
    districts: int
    odop_products: int


@transaction.atomic
def load_district_data(*, path: Path = DATA_FILE) -> LoadResult:
    """Create or update every craft, GI tag, district and ODOP product, keyed by slug.

    Safe to run again: rows are updated in place, curation fields (featured flag and
    order, hero image) are left alone, and ODOP products no longer in the file are kept
    but marked as not current.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    crafts = {
        row["slug"]: Craft.objects.update_or_create(
            slug=row["slug"],
            defaults={
                key: row.get(key, "") or ""
                for key in ("name", "name_hi", "description", "description_hi")
            },
        )[0]
        for row in data["crafts"]
    }
    districts = {}
    for row in data["districts"]:
        fields = ("name", "name_hi", "division", "division_hi", "headline", "headline_hi")
        defaults = {key: row.get(key, "") or "" for key in (*fields, "story", "story_hi")}
        districts[row["slug"]] = District.objects.update_or_create(
            slug=row["slug"], defaults=defaults
        )[0]
    gi_tags = {}
    for row in data["gi_tags"]:
        tag, _ = GITag.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "name_hi": row.get("name_hi", "") or "",
                "registration_number": row.get("registration_number", "") or "",
            },
        )
        tag.districts.set([districts[slug] for slug in row.get("districts", [])])
        gi_tags[row["slug"]] = tag
    odop_count = 0
    for row in data["districts"]:
        odop_count += _load_odop_products(districts[row["slug"]], row, crafts, gi_tags)
    return LoadResult(len(crafts), len(gi_tags), len(districts), odop_count)


def _load_odop_products(district: District, row: dict, crafts: dict, gi_tags: dict) -> int:
    kept = []
    for item in row.get("odop_products", []):
        odop, _ = ODOPProduct.objects.update_or_create(
            district=district,
            name=item["name"],
            defaults={
                "name_hi": item.get("name_hi", "") or "",
                "craft": crafts[item["craft"]],
                "gi_tag": gi_tags.get(item.get("gi_tag") or ""),
                "year_designated": item.get("year_designated") or 2018,
                "is_current": True,
            },
        )
        kept.append(odop.pk)
    district.odop_products.exclude(pk__in=kept).update(is_current=False)
    return len(kept)
