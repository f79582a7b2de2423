"""The officials' pages: work queues, the desk's registration, the dossier page."""

from .desk import register
from .dossier import act, dossier_detail, download, receipt, remove_file, upload
from .queue import work_queue
from .records import control_slip, tracking_book

__all__ = [
    "act",
    "control_slip",
    "dossier_detail",
    "download",
    "receipt",
    "register",
    "remove_file",
    "tracking_book",
    "upload",
    "work_queue",
]
