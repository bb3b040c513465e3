"""Reads of awards, editions and nominees for the public site and the back office."""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kaaring.accounts.models import Organisation, User
from kaaring.awards.models import Award, Criterion, Edition, Nominee


def _announced(at: dt.datetime) -> Q:
    return Q(announced_at__isnull=False, announced_at__lte=at)


def awards_public(*, at: dt.datetime | None = None) -> QuerySet[Award]:
    """Awards with at least one edition on the public site."""
    at = at or timezone.now()
    return (
        Award.objects.filter(editions__in=Edition.objects.filter(_announced(at)))
        .distinct()
        .select_related("organisation")
        .order_by("name")
    )


def award_public(*, slug: str, at: dt.datetime | None = None) -> Award | None:
    return awards_public(at=at).filter(slug=slug).first()


def editions_public(*, award: Award, at: dt.datetime | None = None) -> QuerySet[Edition]:
    at = at or timezone.now()
    return (
        Edition.objects.filter(_announced(at), award=award)
        .select_related("award", "winner")
        .order_by("-year")
    )


def edition_current(*, award: Award, at: dt.datetime | None = None) -> Edition | None:
    """The edition the award page is about: the newest one on the public site."""
    return editions_public(award=award, at=at).first()


def edition_public(*, award: Award, year: int, at: dt.datetime | None = None) -> Edition | None:
    return editions_public(award=award, at=at).filter(year=year).first()


def nominees_public(*, edition: Edition) -> QuerySet[Nominee]:
    return Nominee.objects.filter(edition=edition, withdrawn_at__isnull=True).order_by(
        "position", "name"
    )


def nominee_public(*, edition: Edition, slug: str) -> Nominee | None:
    return nominees_public(edition=edition).filter(slug=slug).first()


def archive(*, award: Award, at: dt.datetime | None = None) -> list[Edition]:
    """Past editions whose results are public, newest first, with their winner."""
    at = at or timezone.now()
    return list(
        editions_public(award=award, at=at).filter(
            results_published_at__isnull=False, results_published_at__lte=at
        )
    )


# --- Back office ----------------------------------------------------------------------------


def awards_for_organisations(*, organisations: QuerySet[Organisation]) -> QuerySet[Award]:
    return (
        Award.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .prefetch_related(Prefetch("editions", queryset=Edition.objects.order_by("-year")))
        .order_by("organisation__name", "name")
    )


def nominees_for_edition(*, edition: Edition) -> QuerySet[Nominee]:
    return Nominee.objects.filter(edition=edition).order_by("position", "name")


# --- Public site (appended by the public-site interface) ------------------------------------


def awards_public_with_current_edition(
    *, at: dt.datetime | None = None
) -> list[tuple[Award, Edition | None]]:
    """Each public award with its newest public edition, in two queries."""
    at = at or timezone.now()
    awards = awards_public(at=at).prefetch_related(
        Prefetch(
            "editions",
            queryset=Edition.objects.filter(_announced(at)).order_by("-year"),
            to_attr="public_editions",
        )
    )
    return [(a, a.public_editions[0] if a.public_editions else None) for a in awards]


def edition_public_by_slug(
    *, award_slug: str, year: int, at: dt.datetime | None = None
) -> Edition | None:
    """A public edition and its award in one query (the award rides along)."""
    at = at or timezone.now()
    return (
        Edition.objects.filter(_announced(at), award__slug=award_slug, year=year)
        .select_related("award", "award__organisation", "winner")
        .first()
    )


# --- Back office: only what the user's own organisations hold (anything else is "not found") -


def award_for_member(*, user: User, slug: str) -> Award | None:
    return (
        Award.objects.filter(slug=slug, organisation__memberships__user=user)
        .select_related("organisation")
        .first()
    )


def criterion_for_member(*, user: User, award_slug: str, pk: int) -> Criterion | None:
    return (
        Criterion.objects.filter(
            pk=pk, award__slug=award_slug, award__organisation__memberships__user=user
        )
        .select_related("award__organisation")
        .first()
    )


def edition_for_member(*, user: User, award_slug: str, year: int) -> Edition | None:
    return (
        Edition.objects.filter(
            award__slug=award_slug, year=year, award__organisation__memberships__user=user
        )
        .select_related("award__organisation")
        .first()
    )


def nominee_for_member(*, user: User, edition: Edition, pk: int) -> Nominee | None:
    """A nominee of ``edition``, which the caller found through ``edition_for_member``."""
    return (
        Nominee.objects.filter(
            pk=pk, edition=edition, edition__award__organisation__memberships__user=user
        )
        .select_related("edition__award__organisation")
        .first()
    )


# --- API tokens: what one organisation holds (anything else is "not found") -----------------


def editions_for_organisation(*, organisation: Organisation) -> QuerySet[Edition]:
    return (
        Edition.objects.filter(award__organisation=organisation)
        .select_related("award__organisation")
        .order_by("award__slug", "-year")
    )


def edition_for_organisation(
    *, organisation: Organisation, award_slug: str, year: int
) -> Edition | None:
    return (
        editions_for_organisation(organisation=organisation)
        .filter(award__slug=award_slug, year=year)
        .first()
    )


def organisations_public(*, at: dt.datetime | None = None) -> QuerySet[Organisation]:
    """Organisations with at least one award on the public site."""
    return Organisation.objects.filter(awards__in=awards_public(at=at)).distinct().order_by("name")


def criteria_of_awards(*, award_ids: list[int]) -> dict[int, list[Criterion]]:
    """The published criteria of each award, in their order, in one query."""
    by_award: dict[int, list[Criterion]] = {i: [] for i in award_ids}
    for criterion in Criterion.objects.filter(award_id__in=award_ids).order_by("position", "id"):
        by_award[criterion.award_id].append(criterion)
    return by_award


def archive_all(*, at: dt.datetime | None = None) -> QuerySet[Edition]:
    """Every public edition of every award whose result is public, newest first, in one query."""
    at = at or timezone.now()
    return (
        Edition.objects.filter(
            _announced(at), results_published_at__isnull=False, results_published_at__lte=at
        )
        .select_related("award", "winner")
        .order_by("-year", "award__slug")
    )
