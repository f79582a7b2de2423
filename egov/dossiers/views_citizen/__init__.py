"""The citizen's pages: online submission, “Hồ sơ của tôi” and the public lookup."""

from .lookup_page import lookup
from .mine import detail, download, my_dossiers, rate, stop, supplement
from .wizard import apply, remove_file, step, submitted

__all__ = [
    "apply",
    "detail",
    "download",
    "lookup",
    "my_dossiers",
    "rate",
    "remove_file",
    "step",
    "stop",
    "submitted",
    "supplement",
]
