"""The public nomination form, namespace ``nominations`` (flow: kaaring/nominations/services.py).

``nominations:form`` shows the call's form (or says when it opens or that it has closed) and
takes two buttons: save a draft, or send. A browser that created a draft, or opened a link
mailed for it, may go on with it (the session holds its id). ``nominations:link`` is the link in
the mail: GET shows a button (mail scanners open links on their own); only its POST uses it.

Errors come back next to their fields and in a summary, with everything else as typed. Files
cannot be put back into a file input, so a refused form says to choose its files again; files
of a saved draft are kept and listed.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from kaaring.municipal_stats.errors import AmbiguousMunicipalityNumber
from kaaring.municipal_stats.models import Municipality
from kaaring.municipal_stats.selectors import (
    municipalities_current,
    municipality_by_any_number,
    municipality_search,
)
from kaaring.nominations import errors, services
from kaaring.nominations.checks import organisation_number_clean
from kaaring.nominations.models import Call, Nomination, NomineeKind
from kaaring.nominations.selectors import call_public, nomination_draft
from kaaring.public.client_ip import client_ip

SESSION_KEY = "nominations"
TOKEN_MAX_LENGTH = 100


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each file's type and size."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(one, initial) for one in data]
        return [super().clean(data, initial)] if data else []


class NominationForm(forms.Form):
    """Field formats only; what a submitted nomination must hold is checked by the service."""

    nominator_name = forms.CharField(
        label=gettext_lazy("Your name"), max_length=200, required=False
    )
    nominator_role = forms.CharField(
        label=gettext_lazy("Your role"), max_length=200, required=False
    )
    nominator_email = forms.CharField(
        label=gettext_lazy("Your e-mail address"), max_length=254, required=False
    )
    municipality = forms.CharField(
        label=gettext_lazy("Municipality (name or number)"), max_length=200, required=False
    )
    nominee_kind = forms.ChoiceField(
        label=gettext_lazy("Who do you nominate?"),
        choices=[(k.value, k.label) for k in NomineeKind if k != NomineeKind.MUNICIPALITY],
        widget=forms.RadioSelect,
        required=False,
    )
    nominee_name = forms.CharField(
        label=gettext_lazy("Name of the person, organisation or company"),
        max_length=200,
        required=False,
    )
    organisation_number = forms.CharField(
        label=gettext_lazy("Organisation number"), max_length=20, required=False
    )
    nominee_contact = forms.CharField(
        label=gettext_lazy("How to reach the nominee (optional)"), max_length=300, required=False
    )
    consent = forms.BooleanField(
        label=gettext_lazy("I have read what is stored and shown about the person I nominate."),
        required=False,
    )
    attachments = MultipleFileField(label=gettext_lazy("Attachments (optional)"), required=False)

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        self.municipality_found: Municipality | None = None
        if call.who == Call.Who.SELF:
            for name in ("nominee_kind", "nominee_name", "organisation_number", "consent"):
                del self.fields[name]
            del self.fields["nominee_contact"]
            self.fields["nominator_role"].label = _("Your role in the municipality")
            self.fields["municipality"].widget.attrs.update(
                {"list": "municipality-list", "autocomplete": "off"}
            )
        else:
            del self.fields["municipality"]
        if call.max_attachments == 0:
            del self.fields["attachments"]
        self.questions = list(call.questions.all())
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=question.localized("text").text,
                help_text=question.localized("help").text,
                required=False,
                max_length=question.max_length,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.fields["nominator_email"].widget.attrs.update(
            {"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        )
        self.fields["nominator_name"].widget.attrs["autocomplete"] = "name"
        for field in self.fields.values():
            if not isinstance(field.widget, forms.RadioSelect | forms.CheckboxInput):
                field.widget.attrs["class"] = "ds-input"

    def answer_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(q, self[f"answer_{q.pk}"]) for q in self.questions]

    def clean_nominator_email(self) -> str:
        value: str = self.cleaned_data["nominator_email"].strip()
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValidationError(
                    _("Write the e-mail address in the form name@example.no, without spaces.")
                ) from None
        return value

    def clean_municipality(self) -> str:
        value: str = self.cleaned_data["municipality"].strip()
        if not value:
            return ""
        head = value.split(maxsplit=1)[0]
        found: Municipality | None = None
        if head.isdigit():
            try:
                found = municipality_by_any_number(head)
            except AmbiguousMunicipalityNumber:
                raise ValidationError(
                    _(
                        "The number %(number)s belonged to a municipality that was divided; "
                        "write today's name instead."
                    )
                    % {"number": head}
                ) from None
        else:
            matches = municipality_search(value, limit=10)
            exact = [m for m in matches if m.name.casefold() == value.casefold()]
            found = exact[0] if len(exact) == 1 else (matches[0] if len(matches) == 1 else None)
            if found is None and len(matches) > 1:
                raise ValidationError(
                    _(
                        "Several municipalities match “%(text)s”: %(names)s. Write the whole name "
                        "or the number."
                    )
                    % {"text": value, "names": ", ".join(str(m) for m in matches[:5])}
                )
        if found is None:
            raise ValidationError(
                _(
                    "We found no municipality “%(text)s”. Check the spelling, or write its "
                    "four-digit number."
                )
                % {"text": value}
            )
        self.municipality_found = found
        return str(found)

    def clean_organisation_number(self) -> str:
        value: str = self.cleaned_data["organisation_number"]
        if not value.strip():
            if (
                self.data.get("nominee_kind") == NomineeKind.ORGANISATION
                and self.data.get("action") == "submit"
            ):
                raise ValidationError(_("Write the organisation's nine-digit number."))
            return ""
        try:
            return organisation_number_clean(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def uploads(self) -> list[UploadedFile]:
        return self.files.getlist("attachments") if "attachments" in self.fields else []

    def data_for_service(self) -> services.NominationData:
        c = self.cleaned_data
        found = self.municipality_found
        if self.call.who == Call.Who.SELF:
            kind, name, number = (
                (NomineeKind.MUNICIPALITY, found.name, found.number) if found else ("", "", "")
            )
        else:
            kind, name, number = c.get("nominee_kind", ""), c.get("nominee_name", ""), ""
        return services.NominationData(
            nominator_name=c.get("nominator_name", ""),
            nominator_role=c.get("nominator_role", ""),
            nominator_email=c.get("nominator_email", ""),
            nominee_kind=kind,
            nominee_name=name,
            municipality_number=number,
            organisation_number=c.get("organisation_number", "")
            if kind in (NomineeKind.ORGANISATION, NomineeKind.COMPANY)
            else "",
            nominee_contact=c.get("nominee_contact", ""),
            consent=bool(c.get("consent")),
            answers={str(q.pk): c.get(f"answer_{q.pk}", "") for q in self.questions},
        )

    @staticmethod
    def initial_from(nomination: Nomination) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "nominator_name": nomination.nominator_name,
            "nominator_role": nomination.nominator_role,
            "nominator_email": nomination.nominator_email,
            "nominee_kind": nomination.nominee_kind,
            "nominee_name": nomination.nominee_name,
            "organisation_number": nomination.organisation_number,
            "nominee_contact": nomination.nominee_contact,
            "consent": nomination.consent_at is not None,
        }
        if nomination.municipality_number:
            initial["municipality"] = f"{nomination.municipality_number} {nomination.nominee_name}"
        for key, answer in nomination.answers.items():
            initial[f"answer_{key}"] = answer
        return initial


# --- Helpers ----------------------------------------------------------------------------------


def _parser_noting_unusable_names(found: list[str]) -> type[MultiPartParser]:
    """A multipart parser that adds to ``found`` every file name it has to drop."""

    class Parser(MultiPartParser):
        def sanitize_file_name(self, file_name: str) -> str | None:
            usable: str | None = super().sanitize_file_name(file_name)
            if usable is None and file_name:
                found.append(file_name[-200:])
            return usable

    return Parser


def _call_or_404(award: str, year: int) -> Call:
    call = call_public(award_slug=award, year=year)
    if call is None:
        raise Http404
    return call


def _session_draft(request: HttpRequest, call: Call) -> Nomination | None:
    pk = request.session.get(SESSION_KEY, {}).get(str(call.pk))
    if pk is None:
        return None
    nomination = nomination_draft(call=call, pk=pk)
    if nomination is None or nomination.submitted_at is not None:
        return None
    return nomination


def _remember(request: HttpRequest, nomination: Nomination) -> None:
    held = dict(request.session.get(SESSION_KEY, {}))
    held[str(nomination.call_id)] = nomination.pk
    request.session[SESSION_KEY] = held


def _forget(request: HttpRequest, call_id: int) -> None:
    held = dict(request.session.get(SESSION_KEY, {}))
    held.pop(str(call_id), None)
    request.session[SESSION_KEY] = held


def _window(call: Call) -> str:
    now = timezone.now()
    try:
        services.call_check_open(call, now)
    except errors.CallNotOpen:
        return "not_open"
    except errors.CallClosed:
        return "closed"
    return "open"


def _page(
    request: HttpRequest,
    call: Call,
    form: NominationForm,
    draft: Nomination | None,
    *,
    status: int = 200,
    message: str = "",
    saved: dict[str, bool] | None = None,
) -> HttpResponse:
    return render(
        request,
        "public/nominations/form.html",
        {
            "award": call.edition.award,
            "edition": call.edition,
            "call": call,
            "form": form,
            "draft": draft,
            "window": _window(call),
            "form_message": message,
            "saved": saved,
            "municipalities": municipalities_current() if call.who == Call.Who.SELF else [],
        },
        status=status,
    )


def _limited_message(error: errors.LinkRateLimited) -> str:
    minutes = max(1, -(-error.retry_after // 60))
    return ngettext(
        "We have sent too many links to this address or from your network. Use the link we "
        "sent, or try again in %(minutes)d minute.",
        "We have sent too many links to this address or from your network. Use the link we "
        "sent, or try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _retry_after(response: HttpResponse, error: errors.LinkRateLimited) -> HttpResponse:
    response["Retry-After"] = str(error.retry_after)
    return response


# --- Views ------------------------------------------------------------------------------------


@never_cache
@csrf_exempt  # checked by _nomination_form, once the parser that notes unusable names is set
@require_http_methods(["GET", "POST"])
def nomination_form(request: HttpRequest, award: str, year: int) -> HttpResponse:
    unusable: list[str] = []
    if request.method == "POST":
        # The CSRF check reads the body, so the parser must be in place before it runs.
        # django-stubs types the property as an instance; Django takes the class.
        request.multipart_parser_class = _parser_noting_unusable_names(unusable)  # type: ignore[assignment]
    return _nomination_form(request, award, year, unusable)


@csrf_protect
def _nomination_form(
    request: HttpRequest, award: str, year: int, unusable: list[str]
) -> HttpResponse:
    call = _call_or_404(award, year)
    draft = _session_draft(request, call)
    if request.method == "GET":
        initial = NominationForm.initial_from(draft) if draft else {}
        saved = request.session.pop("nomination_saved", None)
        return _page(request, call, NominationForm(call=call, initial=initial), draft, saved=saved)
    form = NominationForm(request.POST, request.FILES, call=call)
    submit = request.POST.get("action") == "submit"
    if unusable and "attachments" in form.fields:
        # Django drops a file whose name is "..", "." or only path separators; the nominator
        # chose it, so say so rather than saving the form without it.
        form.add_error(
            "attachments",
            [
                _("The file name “%(name)s” cannot be used. Rename the file and choose it again.")
                % {"name": name}
                for name in unusable
            ],
        )
    if not form.is_valid():
        return _page(request, call, form, draft, status=400)
    remove = [int(pk) for pk in request.POST.getlist("remove_attachment") if pk.isdigit()]
    try:
        result = services.nomination_save(
            call=call,
            nomination=draft,
            data=form.data_for_service(),
            uploads=form.uploads(),
            submit=submit,
            language=translation.get_language() or "nb",
            site_url=f"{request.scheme}://{request.get_host()}",
            client_ip=client_ip(request),
            remove=remove if draft is not None else (),
        )
    except errors.LinkRateLimited as error:
        page = _page(request, call, form, draft, status=429, message=_limited_message(error))
        return _retry_after(page, error)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return _page(request, call, form, draft, status=400)
    except errors.AttachmentRejected as error:
        form.add_error("attachments" if "attachments" in form.fields else None, str(error))
        return _page(request, call, form, draft, status=400)
    except (errors.CallClosed, errors.CallNotOpen, errors.NominationLocked) as error:
        return _page(request, call, form, draft, status=409, message=str(error))
    nomination = result.nomination
    if nomination.submitted_at is not None:
        _forget(request, call.pk)
        request.session["nomination_sent"] = {"received": result.received}
        return redirect("nominations:sent", award=award, year=year)
    _remember(request, nomination)
    request.session["nomination_saved"] = {"link_sent": result.link_sent}
    return redirect("nominations:form", award=award, year=year)


@never_cache
def nomination_sent(request: HttpRequest, award: str, year: int) -> HttpResponse:
    call = _call_or_404(award, year)
    state = request.session.get("nomination_sent", {})
    return render(
        request,
        "public/nominations/sent.html",
        {
            "award": call.edition.award,
            "edition": call.edition,
            "call": call,
            "received": state.get("received", False),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def nomination_link(request: HttpRequest, award: str, year: int, token: str) -> HttpResponse:
    call = _call_or_404(award, year)
    context: dict[str, Any] = {"award": call.edition.award, "edition": call.edition}
    try:
        if len(token) > TOKEN_MAX_LENGTH:
            raise errors.LinkInvalid()
        link = services.nomination_link_find(token=token)
        if link.nomination.call_id != call.pk:
            raise errors.LinkInvalid()
        if request.method == "GET":
            submitted = link.nomination.submitted_at is not None
            return render(
                request, "public/nominations/link.html", {**context, "submitted": submitted}
            )
        nomination = services.nomination_link_open(token=token)
    except errors.NominationError as error:
        return render(
            request,
            "public/nominations/link_refused.html",
            {**context, "message": str(error)},
            status=410 if isinstance(error, errors.LinkExpired | errors.LinkUsed) else 404,
        )
    if nomination.submitted_at is not None:
        request.session["nomination_sent"] = {"received": True}
        return redirect("nominations:sent", award=award, year=year)
    _remember(request, nomination)
    request.session["nomination_saved"] = {"confirmed": True}
    return redirect("nominations:form", award=award, year=year)


class ResendForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Write your e-mail address."),
            "invalid": gettext_lazy(
                "Write the e-mail address in the form name@example.no, without spaces."
            ),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def nomination_resend(request: HttpRequest, award: str, year: int) -> HttpResponse:
    """A new link to a draft, for a nominator on another device or with an expired link."""
    call = _call_or_404(award, year)
    form = ResendForm(request.POST or None)
    sent = False
    status = 200
    limited: errors.LinkRateLimited | None = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.nomination_links_resend(
                    call=call, email=form.cleaned_data["email"], client_ip=client_ip(request)
                )
                sent = True
            except errors.LinkRateLimited as error:
                limited, status = error, 429
        else:
            status = 400
    response = render(
        request,
        "public/nominations/resend.html",
        {
            "award": call.edition.award,
            "edition": call.edition,
            "form": form,
            "sent": sent,
            "form_message": _limited_message(limited) if limited else "",
        },
        status=status,
    )
    return _retry_after(response, limited) if limited else response
