"""The officials' pages: work queues, the desk's registration, the dossier page."""

from .desk import register
from .dossier import act, dossier_detail, download, receipt, remove_file, upload
from .queue import work_queue

__all__ = [
    "act",
    "dossier_detail",
    "download",
    "receipt",
    "register",
    "remove_file",
    "upload",
    "work_queue",
]
