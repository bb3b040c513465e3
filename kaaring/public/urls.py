from django.urls import path

import kaaring.public.converters  # noqa: F401 - registers <year:…> and <award:…>
from kaaring.public.views import awards, feedback, pages

app_name = "public"
# The two pages a big vote sends most visitors to come first: URL resolution tries patterns in
# order, and each module it enters and leaves without a match costs more than the match.
urlpatterns = [
    path("<award:award>/<year:year>/", awards.edition, name="edition"),
    path("<award:award>/<year:year>/nominerte/<slug:nominee>/", awards.nominee, name="nominee"),
    path("", pages.home, name="home"),
    path("tilgjengelighet/", pages.accessibility, name="accessibility"),
    path("personvern/", pages.privacy, name="privacy"),
    path("tilbakemelding/", feedback.feedback, name="feedback"),
    path("<award:award>/", awards.award, name="award"),
    path("<award:award>/arkiv/", awards.archive, name="archive"),
    path("<award:award>/<year:year>/nominerte/", awards.nominees, name="nominees"),
]
