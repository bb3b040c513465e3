from django.urls import path

import kaaring.public.converters  # noqa: F401 - registers <year:…>
from kaaring.public.views import awards, feedback, pages

app_name = "public"
urlpatterns = [
    path("", pages.home, name="home"),
    path("tilgjengelighet/", pages.accessibility, name="accessibility"),
    path("personvern/", pages.privacy, name="privacy"),
    path("tilbakemelding/", feedback.feedback, name="feedback"),
    path("<slug:award>/", awards.award, name="award"),
    path("<slug:award>/arkiv/", awards.archive, name="archive"),
    path("<slug:award>/<year:year>/", awards.edition, name="edition"),
    path("<slug:award>/<year:year>/nominerte/", awards.nominees, name="nominees"),
    path("<slug:award>/<year:year>/nominerte/<slug:nominee>/", awards.nominee, name="nominee"),
]
