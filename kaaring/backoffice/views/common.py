"""What the back-office views share: the POST-redirect-GET round of a form and a service."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kaaring.awards.errors import AwardsError
from kaaring.backoffice.forms import BackofficeForm


def form_round(
    request: HttpRequest,
    *,
    form: BackofficeForm,
    save: Callable[[], Any],
    success_message: str,
    success_url: Callable[[Any], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Validate ``form``; on POST call ``save`` (one service), then redirect, or show errors.

    The services are atomic, so a refused change leaves nothing behind; the form comes back
    with what the user typed, an error summary on top and each message by its field.
    """
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = save()
            except ValidationError as error:
                form.add_service_error(error)
            except AwardsError as error:
                # The request was fine, the edition's state refuses it (e.g. rules frozen).
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, success_message)
                return redirect(success_url(result))
    return render(request, template, {**context, "form": form}, status=status)
