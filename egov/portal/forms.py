"""The catalogue's search form: a plain GET form, so it works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import OnlineMode
from egov.catalog.selectors import field_list

from .selectors import handling_agencies

ONLINE_CHOICES = [
    ("", _("Any way of applying")),
    ("any", _("Online (fully or partly)")),
    (OnlineMode.FULL.value, _("Fully online")),
    (OnlineMode.PARTIAL.value, _("Partly online")),
    (OnlineMode.NONE.value, _("Not online")),
]


class CatalogSearchForm(forms.Form):
    q = forms.CharField(label=_("Search procedures"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Field"), required=False)
    agency = forms.ChoiceField(label=_("Handling agency"), required=False)
    online = forms.ChoiceField(label=_("Online service"), required=False, choices=ONLINE_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_choice = self.fields["field"]
        agency_choice = self.fields["agency"]
        assert isinstance(field_choice, forms.ChoiceField)  # noqa: S101 - declared above
        assert isinstance(agency_choice, forms.ChoiceField)  # noqa: S101 - declared above
        field_choice.choices = [("", _("All fields")), *((f.code, f.name) for f in field_list())]
        agency_choice.choices = [
            ("", _("All agencies")),
            *((a.code, a.name) for a in handling_agencies()),
        ]

    def usable(self) -> dict[str, str]:
        """The valid criteria; an invalid one is dropped (the caller tells the user)."""
        self.is_valid()
        return {
            name: str(self.cleaned_data.get(name) or "")
            for name in self.fields
            if name not in self.errors
        }
