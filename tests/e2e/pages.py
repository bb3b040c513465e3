"""The public pages the browser tests visit, listed from the database like a crawler would."""

from django.urls import reverse
from django.utils import timezone, translation

from kaaring.awards.models import Award, Edition, Nominee

LANGUAGES = ("nb", "nn", "en")


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
                nominees = Nominee.objects.filter(edition=edition, withdrawn_at__isnull=True)
                for nominee in nominees.order_by("position", "name"):
                    paths.append(
                        reverse("public:nominee", kwargs={**kwargs, "nominee": nominee.slug})
                    )
        # An error page is a page too.
        paths.append(reverse("public:award", kwargs={"award": "finnes-ikke"}))
    return paths
