"""The empty first choice of a select is in the reader's language, in every back-office form."""

import importlib
import pkgutil
from collections.abc import Callable

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

import kaaring.backoffice
import kaaring.backoffice.views
from kaaring.accounts.models import User
from kaaring.awards.models import Edition

EXPECTED = {"nb": "Velg …", "nn": "Vel …", "en": "Choose …"}


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for package in (kaaring.backoffice, kaaring.backoffice.views):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, forms.BaseForm):
                    found.append(value)
    return found


def _blank_labels() -> list[tuple[str, str]]:
    labels = []
    for form in _form_classes():
        for name, field in getattr(form, "base_fields", {}).items():
            choices = list(getattr(field, "choices", []) or [])
            if choices and choices[0][0] == "":
                labels.append((f"{form.__name__}.{name}", str(choices[0][1])))
    return labels


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_blank_choice_reads_in_the_language(language: str) -> None:
    with translation.override(language):
        labels = _blank_labels()
    assert labels, "no select with a blank choice found: the check checks nothing"
    assert {label for _name, label in labels} == {EXPECTED[language]}, labels


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nn", "en"])
def test_the_nominee_type_select_starts_with_the_translated_blank(
    edition: Edition, organiser: User, login: Callable[..., Client], language: str
) -> None:
    kwargs = {"award": edition.award.slug, "year": edition.year}
    with translation.override(language):
        url = reverse("backoffice:nominee_create", kwargs=kwargs)
    page = login(organiser).get(url).content.decode()
    assert f'<option value="" selected>{EXPECTED[language]}</option>' in page
    assert "Select an option" not in page
