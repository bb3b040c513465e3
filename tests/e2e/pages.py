"""The public pages the browser tests visit, listed from the database like a crawler would."""

from django.urls import reverse
from django.utils import timezone, translation

from kaaring.accounts.models import Organisation
from kaaring.awards.models import Award, Edition, Nominee
from kaaring.nominations.models import Call

LANGUAGES = ("nb", "nn", "en")
# Stange, Asker, Bærum, Bodø, Tromsø, Steinkjer and Lørenskog (the 2018 nominees, demo data).
STATS_NUMBERS = ("3413", "3203", "3201", "1804", "5501", "5006", "3222")


def public_paths(language: str) -> list[str]:
    """Every kind of public page, for every public award, edition and nominee."""
    now = timezone.now()
    paths: list[str] = []
    with translation.override(language):
        paths += [
            reverse("public:home"),
            reverse("public:accessibility"),
            reverse("public:privacy"),
        ]
        for organisation in Organisation.objects.filter(awards__isnull=False).distinct():
            paths.append(
                reverse(
                    "public:organisation_accessibility", kwargs={"organisation": organisation.slug}
                )
            )
        for award in Award.objects.order_by("slug"):
            paths += [
                reverse("public:award", kwargs={"award": award.slug}),
                reverse("public:archive", kwargs={"award": award.slug}),
            ]
            editions = Edition.objects.filter(award=award, announced_at__lte=now)
            for edition in editions.order_by("-year"):
                kwargs = {"award": award.slug, "year": edition.year}
                paths += [
                    reverse("public:edition", kwargs=kwargs),
                    reverse("public:nominees", kwargs=kwargs),
                ]
                if edition.has_public_vote:
                    paths.append(reverse("public:edition_privacy", kwargs=kwargs))
                nominees = Nominee.objects.filter(edition=edition, withdrawn_at__isnull=True)
                for nominee in nominees.order_by("position", "name"):
                    paths.append(
                        reverse("public:nominee", kwargs={**kwargs, "nominee": nominee.slug})
                    )
        # The statistics: the index and the pages of the 2018 nominees' municipalities.
        paths.append(reverse("stats:index"))
        for number in STATS_NUMBERS:
            paths.append(reverse("stats:municipality", kwargs={"number": number}))
        # The nomination forms of the calls (open, or saying that they have closed).
        for call in Call.objects.select_related("edition__award").order_by("pk"):
            kwargs = {"award": call.edition.award.slug, "year": call.edition.year}
            paths.append(reverse("nominations:form", kwargs=kwargs))
        # An error page is a page too.
        paths.append(reverse("public:award", kwargs={"award": "finnes-ikke"}))
    return paths


def vote_paths(language: str) -> list[str]:
    """The vote pages of every edition with a public vote (its ballot log, and for its first
    nominee the start page, which in a closed edition says so, and the embeddable button), the
    receipt check, and the results pages that are public."""
    now = timezone.now()
    paths: list[str] = []
    with translation.override(language):
        paths.append(reverse("voting:check"))
        editions = Edition.objects.filter(announced_at__lte=now).select_related("award")
        for edition in editions.order_by("award__slug", "-year"):
            kwargs = {"award": edition.award.slug, "year": edition.year}
            if edition.results_public_at(now):
                paths.append(reverse("results:results", kwargs=kwargs))
            if not edition.has_public_vote:
                continue
            paths.append(reverse("ballotlog:log", kwargs=kwargs))
            nominee = (
                Nominee.objects.filter(edition=edition, withdrawn_at__isnull=True)
                .order_by("position", "name")
                .first()
            )
            if nominee is not None:
                nominee_kwargs = {**kwargs, "nominee": nominee.slug}
                paths += [
                    reverse("voting:start", kwargs=nominee_kwargs),
                    reverse("voting:embed", kwargs=nominee_kwargs),
                ]
    return paths
