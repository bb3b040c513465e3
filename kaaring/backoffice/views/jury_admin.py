"""The organisers' side of the jury: appoint jurors, name the chair, declare the scale.

Jurors are found by e-mail address (a juror signs in with two-factor like everyone else in the
back office). An address without an account is invited: the account is made and a link to set a
password is mailed (``services.juror_invite``); after that the juror logs in, sets up two-factor
and enters the jury room.
The scale (range, a weight per criterion, optional z-scores) starts at 1 to 5 with the edition
and may change until the first score is in; the service refuses it from then on. Members of the
award's organisation see the page (others: 404); viewers read it but change nothing.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaaring.awards.models import Criterion, Edition
from kaaring.backoffice.access import backoffice_view, can_change, member_user, require_change
from kaaring.backoffice.forms import BackofficeForm
from kaaring.backoffice.views.editions import edition_or_404
from kaaring.jury import errors, selectors, services
from kaaring.jury.models import JuryScale


class AppointForm(BackofficeForm):
    email = forms.EmailField(
        label=gettext_lazy("The juror's e-mail address"),
        help_text=gettext_lazy(
            "If the person has no account in Kåring, they are invited by e-mail to set a password."
        ),
        max_length=254,
    )
    full_name = forms.CharField(
        label=gettext_lazy("Full name (optional)"),
        help_text=gettext_lazy("Used for a new account; an existing account keeps its name."),
        max_length=200,
        required=False,
    )
    is_chair = forms.BooleanField(label=gettext_lazy("Chair of the jury"), required=False)


class ScaleForm(BackofficeForm):
    min_score = forms.IntegerField(label=gettext_lazy("Lowest score"), min_value=-100)
    max_score = forms.IntegerField(label=gettext_lazy("Highest score"), max_value=100)
    normalise = forms.BooleanField(
        label=gettext_lazy("Normalise each juror's scores (z-scores)"),
        help_text=gettext_lazy(
            "Evens out jurors who score strictly and jurors who score generously."
        ),
        required=False,
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"weight-{criterion.pk}"] = forms.IntegerField(
                label=_("Weight of “%(criterion)s”") % {"criterion": criterion.title},
                min_value=1,
                max_value=100,
                initial=1,
                widget=forms.NumberInput(attrs={"class": "ds-input"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_score"), data.get("max_score")
        if low is not None and high is not None and low >= high:
            self.add_error("max_score", _("The highest score must be above the lowest."))
        return data

    def weights(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"weight-{c.pk}"] for c in self.criteria}


def _url(edition: Edition) -> str:
    return reverse(
        "backoffice:jury_admin", kwargs={"award": edition.award.slug, "year": edition.year}
    )


def _scale_initial(scale: JuryScale | None) -> dict[str, Any]:
    if scale is None:
        return {"min_score": 1, "max_score": 5}
    initial: dict[str, Any] = {
        "min_score": scale.min_score,
        "max_score": scale.max_score,
        "normalise": scale.normalise,
    }
    initial.update({f"weight-{w.criterion_id}": w.weight for w in scale.weights.all()})
    return initial


@backoffice_view
def jury_admin(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    organisation = edition.award.organisation
    criteria = list(edition.award.criteria.all())
    scale = selectors.scale_of(edition=edition)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    appoint = AppointForm(request.POST if action == "appoint" else None, prefix="juror")
    scale_form = ScaleForm(
        request.POST if action == "scale" else None,
        criteria=criteria,
        initial=_scale_initial(scale),
        prefix="scale",
    )
    status = 200
    if action:
        require_change(request, organisation)
        actor = member_user(request)
        try:
            if action == "appoint" and appoint.is_valid():
                invitation = services.juror_invite(
                    actor=actor,
                    edition=edition,
                    email=appoint.cleaned_data["email"],
                    full_name=appoint.cleaned_data["full_name"],
                    is_chair=appoint.cleaned_data["is_chair"],
                    site_url=f"{request.scheme}://{request.get_host()}",
                )
                juror = invitation.juror
                if invitation.invited:
                    messages.success(
                        request,
                        _("%(juror)s is on the jury and has been sent an invitation by e-mail.")
                        % {"juror": juror},
                    )
                else:
                    messages.success(request, _("%(juror)s is on the jury.") % {"juror": juror})
                return redirect(_url(edition))
            if action == "chair":
                seat = selectors.juror_of(edition=edition, pk=request.POST.get("juror", ""))
                if seat is not None:
                    services.juror_appoint(
                        actor=actor, edition=edition, user=seat.user, is_chair=True
                    )
                    messages.success(
                        request, _("%(juror)s chairs the jury.") % {"juror": seat.user}
                    )
                return redirect(_url(edition))
            if action == "scale" and scale_form.is_valid():
                services.scale_declare(
                    actor=actor,
                    edition=edition,
                    min_score=scale_form.cleaned_data["min_score"],
                    max_score=scale_form.cleaned_data["max_score"],
                    normalise=scale_form.cleaned_data["normalise"],
                    weights=scale_form.weights(),
                )
                messages.success(request, _("The jury's scale is declared."))
                return redirect(_url(edition))
        except errors.TooManyInvitations as error:
            appoint.add_error(None, str(error))
            status = 429
        except (errors.ScaleFixed, errors.NoCriteria, errors.ScaleRange) as error:
            scale_form.add_error(None, str(error))
            status = 409
        except errors.JuryError as error:
            appoint.add_error(None, str(error))
            status = 409
        else:
            status = 400
    scale_fixed = selectors.scores_exist(edition=edition)
    context = {
        "organisation": organisation,
        "award": edition.award,
        "edition": edition,
        "can_change": can_change(request, organisation),
        "jurors": selectors.jurors_of(edition=edition),
        "appoint": appoint,
        "scale_form": scale_form,
        "scale": scale,
        "scale_fixed": scale_fixed,
        "no_criteria": not criteria,
    }
    return render(request, "backoffice/jury_admin.html", context, status=status)
