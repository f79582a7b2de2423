"""Demo dossiers in every state, made through the real services (so their history, codes,
due dates and forms are what a real desk would produce), some of them back-dated with
``clock_at`` so the queues show overdue and due-soon work. Skipped when dossiers exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Min
from django.utils import timezone

from egov.catalog.models import ProcedureVersion
from egov.dossiers import services
from egov.dossiers.figures_daily import refresh_daily_figures
from egov.dossiers.lifecycle import Status
from egov.dossiers.models import Channel, Delivery, Dossier
from egov.orgs.models import Agency, User
from egov.printing.layout import FormPDF

from . import people
from .answers import demo_answers

WARD = "000.00.21.H22"
JUSTICE = "000.00.02.H22"

# A small but real PDF (it passes the upload checks: header, objects and EOF marker).
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 595]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _PDF, content_type="application/pdf")


def _result_pdf(dossier: Dossier) -> SimpleUploadedFile:
    """An unsigned result as an agency's software would export it: egov prints its
    verification code on it, then the leader and the agency sign it."""
    agency = dossier.handling_agency
    pdf = FormPDF(title=dossier.procedure_version.result_type or "Kết quả")
    pdf.agency_header(managing_body="", agency=agency.name, place_date="")
    pdf.heading(dossier.procedure_version.result_type or "Kết quả giải quyết")
    pdf.paragraph(
        f"Cấp cho: {dossier.applicant_name}. Mã hồ sơ: {dossier.code}. "
        f"Thủ tục: {dossier.procedure_version.name}."
    )
    pdf.paragraph("(Văn bản kết quả mẫu của dữ liệu trình diễn.)", style="I")
    return SimpleUploadedFile("ket-qua.pdf", pdf.render(), content_type="application/pdf")


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _citizen(index: int) -> User:
    spec = people.CITIZENS[index]
    return User.objects.get(citizen__national_id=spec.national_id)


def _version(code: str) -> ProcedureVersion:
    version = ProcedureVersion.objects.filter(procedure__code=code).order_by("-number").first()
    if version is None:
        raise LookupError(f"The demo catalogue has no procedure {code}")
    return version


def _online(code: str, citizen: int, agency: str = WARD) -> Dossier:
    owner = _citizen(citizen)
    version = _version(code)
    dossier = services.draft_create(
        owner=owner, version=version, handling_agency=Agency.objects.get(code=agency)
    )
    services.draft_update(
        dossier,
        actor=owner,
        details={"request": "Đề nghị giải quyết theo quy định.", **demo_answers(version)},
    )
    for component in version.components.filter(required=True):
        services.component_upload(
            dossier, _pdf(f"thanh-phan-{component.position}.pdf"), actor=owner, component=component
        )
    services.draft_update(dossier, actor=owner, declaration_accepted=True)
    return services.submit(dossier, actor=owner)


def _draft(code: str, citizen: int) -> Dossier:
    owner = _citizen(citizen)
    return services.draft_create(
        owner=owner, version=_version(code), handling_agency=Agency.objects.get(code=WARD)
    )


def _walk_in(code: str, citizen: int, desk: str = "motcua.phuong1", agency: str = WARD) -> Dossier:
    spec = people.CITIZENS[citizen]
    version = _version(code)
    officer = _user(desk)
    dossier = services.desk_register(
        actor=officer,
        version=version,
        handling_agency=Agency.objects.get(code=agency),
        applicant=services.Applicant(
            name=spec.full_name,
            id_number=spec.national_id,
            phone=spec.phone or "",
            email=spec.email or "",
            address_street=spec.street,
        ),
        channel=Channel.IN_PERSON,
        delivery=Delivery.DESK,
        details=demo_answers(version),
    )
    for component in version.components.filter(required=True):
        services.component_upload(
            dossier,
            _pdf(f"ban-scan-{component.position}.pdf"),
            actor=officer,
            component=component,
            digitised=True,
        )
    return dossier


def _accept(dossier: Dossier, desk: str = "motcua.phuong1") -> Dossier:
    return services.accept(dossier, actor=_user(desk))


def _to_decision(dossier: Dossier) -> Dossier:
    """Forward through every step before the leader's decision, each by its role holder."""
    for _ in range(10):
        dossier.refresh_from_db()
        step = dossier.steps.filter(state="active").select_related("agency").first()
        if step is None or step.role == "agency_leader":
            return dossier
        actor = _official_for(step.agency, step.role, step.department_id)
        services.forward(dossier, actor=actor)
    return dossier


def _official_for(agency: Agency, role: str, department_id: int | None) -> User:
    users = User.objects.filter(official__agency=agency, official__roles__role=role)
    if department_id is not None and role == "department_head":
        users = users.filter(official__department_id=department_id)
    found = users.order_by("username").first()
    if found is None:
        raise LookupError(f"No demo official with role {role} in {agency.code}")
    return found


def _leader(dossier: Dossier) -> User:
    return _official_for(dossier.handling_agency, "agency_leader", None)


def _approved(dossier: Dossier, *, generate: bool = True) -> Dossier:
    """The leader approves with the result document (signed with the leader's demo
    certificate): a generated result notice, or an uploaded result."""
    _to_decision(dossier)
    dossier.refresh_from_db()
    if generate:
        return services.approve(
            dossier,
            actor=_leader(dossier),
            generate=True,
            note="Đồng ý giải quyết theo đề nghị của người nộp hồ sơ.",
        )
    return services.approve(dossier, actor=_leader(dossier), result=_result_pdf(dossier))


def _issued(dossier: Dossier) -> Dossier:
    _approved(dossier, generate=False)
    clerk = _official_for(dossier.handling_agency, "clerk", None)
    return services.issue_result(dossier, actor=clerk)


def _ready(dossier: Dossier) -> Dossier:
    _issued(dossier)
    clerk = _official_for(dossier.handling_agency, "clerk", None)
    return services.hand_to_desk(dossier, actor=clerk)


@dataclass(frozen=True)
class Scenario:
    label: str
    days_ago: int
    build: Callable[[], Dossier]


def _scenarios() -> list[Scenario]:
    desk = "motcua.phuong1"
    return [
        Scenario("draft", 0, lambda: _draft("1.001193", 2)),
        Scenario("submitted", 0, lambda: _online("1.001193", 0)),
        Scenario("in progress (lookup)", 1, lambda: _accept(_online("1.001193", 1))),
        Scenario(
            "incomplete",
            0,
            lambda: services.ask_completion(
                _online("1.000656", 2),
                actor=_user(desk),
                items=[("Giấy báo tử bản chính", "bản chụp gửi kèm chưa rõ nét, không đọc được")],
            ),
        ),
        Scenario(
            "reception refused",
            3,
            lambda: services.refuse_reception(
                _walk_in("2.000720", 0),
                actor=_user(desk),
                reasons=["Hộ kinh doanh đăng ký tại địa bàn phường khác"],
            ),
        ),
        Scenario(
            "waiting supplement",
            1,
            lambda: services.request_supplement(
                _accept(_online("1.004873", 1)),
                actor=_user("tuphap.phuong1"),
                items=[
                    (
                        "Trích lục ghi chú ly hôn",
                        "tờ khai ghi đã ly hôn nhưng hồ sơ chưa có giấy tờ chứng minh",
                    )
                ],
            ),
        ),
        Scenario(
            "refusal proposed",
            2,
            lambda: services.propose_refusal(
                _accept(_walk_in("2.000815", 0)),
                actor=_user("tuphap.phuong1"),
                reasons=["Bản chính giấy tờ bị tẩy xóa, sửa chữa"],
            ),
        ),
        Scenario("refused", 6, lambda: _refused(_accept(_online("1.001570", 1)))),
        Scenario("approved", 2, lambda: _approved(_accept(_online("1.001193", 2)))),
        Scenario("result issued", 3, lambda: _issued(_accept(_online("2.000635", 2)))),
        Scenario("ready", 4, lambda: _ready(_accept(_walk_in("1.001266", 1)))),
        Scenario("returned", 8, lambda: _returned(_accept(_online("1.001193", 0)))),
        Scenario(
            "stopped",
            5,
            lambda: services.stop(
                _accept(_walk_in("1.000894", 1)),
                actor=_user(desk),
                reason="Người nộp có đơn xin rút hồ sơ",
            ),
        ),
        Scenario("overdue", 12, lambda: _accept(_walk_in("1.004884", 2))),
        Scenario(
            "provincial, via the service centre",
            2,
            lambda: _accept(
                _walk_in("9.000122", 2, desk="motcua.tinh", agency=JUSTICE), desk="motcua.tinh"
            ),
        ),
    ]


def _refused(dossier: Dossier) -> Dossier:
    services.propose_refusal(
        dossier, actor=_user("diachinh.phuong1"), reasons=["Hộ kinh doanh đang bị cưỡng chế thuế"]
    )
    return services.approve_refusal(dossier, actor=_leader(dossier))


def _returned(dossier: Dossier) -> Dossier:
    _ready(dossier)
    services.return_result(dossier, actor=_user("motcua.phuong1"), method=Delivery.ONLINE)
    owner = dossier.owner
    assert owner is not None  # noqa: S101 - an online dossier has an owner
    return services.rate(dossier, actor=owner, rating=5, comment="Cán bộ hướng dẫn tận tình.")


def dossiers_load() -> int:
    """Create the demo dossiers unless some exist; returns how many were made."""
    if Dossier.objects.exists():
        return 0
    made = 0
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for scenario in _scenarios():
        moment = today - dt.timedelta(days=scenario.days_ago)
        while moment.weekday() >= 5:  # desks are closed at weekends
            moment -= dt.timedelta(days=1)
        with services.clock_at(moment):
            scenario.build()
        made += 1
    # The scenarios ran on the services' clock, days back; ``created_at`` is the real moment.
    firsts = Dossier.objects.aggregate(created=Min("created_at"), submitted=Min("submitted_at"))
    _daily_figures_since(min(moment for moment in firsts.values() if moment is not None))
    return made


def _daily_figures_since(start: dt.datetime) -> None:
    """Build the figures tables for the demo's days at once (each action also queued its own
    rebuild for the worker), so the officials' figures page is complete from the start."""
    day, today = timezone.localdate(start), timezone.localdate()
    while day <= today:
        refresh_daily_figures(day)
        day += dt.timedelta(days=1)


def lookup_example() -> tuple[str, str] | None:
    """A dossier in progress and its lookup secret, for the line printed by ``egov demo``."""
    dossier = (
        Dossier.objects.filter(status=Status.IN_PROGRESS, code__isnull=False)
        .exclude(applicant_phone="")
        .order_by("code")
        .first()
    )
    if dossier is None or dossier.code is None:
        return None
    return dossier.code, dossier.applicant_phone[-4:]
