"""The reference data under the generated dossiers: a fictional province's ~20 agencies and a
~50-version catalogue, created through the ORM (a few hundred rows) before the bulk load."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from . import catalog_data

PROCEDURES = 45  # about one in ten gets a second version: ~50 versions in all

# Same conventions as the demo (egov/demo/data.py): "Tỉnh An Khang" does not exist.
PROVINCE = ("99", "Tỉnh An Khang")
SERVICE_CENTRE = ("000.00.01.H22", "Trung tâm Phục vụ hành chính công tỉnh An Khang")
DEPARTMENTS = [
    ("000.00.02.H22", "Sở Tư pháp"),
    ("000.00.03.H22", "Sở Nông nghiệp và Môi trường"),
    ("000.00.04.H22", "Sở Xây dựng"),
    ("000.00.05.H22", "Sở Tài chính"),
    ("000.00.06.H22", "Sở Y tế"),
    ("000.00.07.H22", "Sở Giáo dục và Đào tạo"),
    ("000.00.08.H22", "Sở Nội vụ"),
]
COMMUNES = [
    ("33100", "Phường An Khang"),
    ("33103", "Phường Bình Minh"),
    ("33106", "Phường Phú Lộc"),
    ("33109", "Phường Tân An"),
    ("33112", "Xã Hòa Bình"),
    ("33115", "Xã Phước Long"),
    ("33118", "Xã Thạnh Mỹ"),
    ("33121", "Xã Long Hưng"),
    ("33124", "Xã Vĩnh Hòa"),
    ("33127", "Xã Tân Phú"),
    ("33130", "Xã Hòa Thuận"),
    ("33133", "Xã Mỹ Lợi"),
]


@dataclass(frozen=True)
class AgencyRef:
    pk: int
    code: str
    weight: float  # share of the dossiers received by this desk


@dataclass(frozen=True)
class VersionRef:
    pk: int
    procedure_pk: int
    name: str
    commune_level: bool
    processing_days: Decimal
    online_mode: str
    effective_from: dt.date
    effective_until: dt.date | None
    handler_index: int  # which department (Sở) handles it, for provincial procedures
    fee: int


@dataclass(frozen=True)
class References:
    service_centre: AgencyRef
    departments: list[AgencyRef]
    communes: list[AgencyRef]
    # Per procedure, its versions in date order, and the procedures' popularity.
    procedures: list[list[VersionRef]]
    popularity: list[float]


def create_references() -> None:
    """Create the province, its agencies and the catalogue in an empty schema."""
    from egov.orgs.models import AdministrativeUnit, Agency

    Unit, Kind = AdministrativeUnit.Kind, Agency.Kind
    province = AdministrativeUnit.objects.create(
        code=PROVINCE[0], name=PROVINCE[1], kind=Unit.PROVINCE
    )
    committee = Agency.objects.create(
        code="000.00.00.H22",
        name="Ủy ban nhân dân tỉnh An Khang",
        short_name="UBND",
        kind=Kind.PROVINCIAL_COMMITTEE,
        unit=province,
    )
    agencies = [
        Agency(
            code=SERVICE_CENTRE[0],
            name=SERVICE_CENTRE[1],
            short_name="TTPVHCC",
            kind=Kind.SERVICE_CENTRE,
            unit=province,
            parent=committee,
        ),
        *(
            Agency(code=code, name=name, kind=Kind.DEPARTMENT, unit=province, parent=committee)
            for code, name in DEPARTMENTS
        ),
    ]
    units = AdministrativeUnit.objects.bulk_create(
        [
            AdministrativeUnit(code=code, name=name, kind=Unit.COMMUNE, parent=province)
            for code, name in COMMUNES
        ]
    )
    agencies += [
        Agency(
            code=f"000.00.{21 + i}.H22",
            name=f"Ủy ban nhân dân {unit.name[0].lower()}{unit.name[1:]}",
            short_name="UBND",
            kind=Kind.COMMUNE_COMMITTEE,
            unit=unit,
            parent=committee,
        )
        for i, unit in enumerate(units)
    ]
    Agency.objects.bulk_create(agencies)
    catalog_data.build_catalog(procedures=PROCEDURES)


def load_references() -> References:
    """Read back what ``create_references`` made, in a fixed order (ids match on every DB)."""
    from egov.catalog.models import Procedure, ProcedureVersion
    from egov.orgs.models import Agency

    rng = random.Random(20)
    by_code = {a.code: a.pk for a in Agency.objects.all()}
    communes = [
        AgencyRef(by_code[f"000.00.{21 + i}.H22"], f"000.00.{21 + i}.H22", rng.uniform(0.5, 2))
        for i in range(len(COMMUNES))
    ]
    departments = [AgencyRef(by_code[code], code, 1.0) for code, _name in DEPARTMENTS]
    centre = AgencyRef(by_code[SERVICE_CENTRE[0]], SERVICE_CENTRE[0], 1.0)
    procedures: list[list[VersionRef]] = []
    fees = [0, 0, 0, 8_000, 20_000, 50_000, 100_000]
    for index, procedure in enumerate(Procedure.objects.order_by("code")):
        versions = ProcedureVersion.objects.filter(procedure=procedure).order_by("number")
        commune_level = procedure.level == Procedure.Level.COMMUNE
        fee = fees[index % len(fees)]
        procedures.append(
            [
                VersionRef(
                    pk=v.pk,
                    procedure_pk=procedure.pk,
                    name=v.name,
                    commune_level=commune_level,
                    processing_days=v.processing_days,
                    online_mode=v.online_mode,
                    effective_from=v.effective_from,
                    effective_until=v.effective_until,
                    handler_index=index % len(departments),
                    fee=fee,
                )
                for v in versions
            ]
        )
    # A few procedures (birth registration, certified copies) take most of the dossiers.
    popularity = [1 / (rank + 1) ** 0.9 for rank in range(len(procedures))]
    random.Random(21).shuffle(popularity)
    return References(centre, departments, communes, procedures, popularity)
