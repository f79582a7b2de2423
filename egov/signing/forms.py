"""The public verification forms: a file to check, a code to look up, a copy to compare."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ApplicationError

from . import records


class SummaryForm(forms.Form):
    """Lists its errors as (anchor, message) for the error summary; takes service refusals."""

    def error_links(self) -> list[tuple[str, str]]:
        links = [(f"{self.prefix or ''}form", str(m)) for m in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                links.append((self[name].auto_id or name, str(message)))
        return links

    def refuse(self, error: ApplicationError, field: str) -> None:
        self.add_error(field, str(error.message))


def _file_field() -> forms.FileField:
    return forms.FileField(
        label=_("PDF file"),
        help_text=_("The signed PDF document you received, as it is."),
        error_messages={
            "required": _("Choose a PDF file to check."),
            "empty": _("The chosen file is empty."),
            "invalid": _("Choose a PDF file to check."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class UploadForm(SummaryForm):
    file = _file_field()


class CodeForm(SummaryForm):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("The 12 letters and digits printed beside the QR code, e.g. 7KQ2-M9XD-4HTP."),
        max_length=40,
        error_messages={"required": _("Enter the verification code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = records.normalise_code(self.cleaned_data["code"])
        if not records.is_valid_code(code):
            raise forms.ValidationError(
                _("A verification code has 12 letters and digits, like 7KQ2-M9XD-4HTP.")
            )
        return code
