"""Rows that are written once and never changed: the audit trail, a dossier's history, a
report's timeline. The model and its querysets refuse updates and deletes with
``edit_refusal``, the one sentence each model sets."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError(self.model.edit_refusal)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError(self.model.edit_refusal)


class AppendOnlyModel(models.Model):
    edit_refusal: ClassVar[str] = "This record cannot be edited."

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError(self.edit_refusal)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(self.edit_refusal)
