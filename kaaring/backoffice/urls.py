from django.urls import path

from kaaring.backoffice.views import awards, dashboard, editions, nominees, reports, votes

app_name = "backoffice"

_edition = "pris/<slug:award>/<int:year>/"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("organisasjon/<slug:organisation>/ny-pris/", awards.award_create, name="award_create"),
    path("organisasjon/<slug:organisation>/tilbakemeldinger/", reports.feedback, name="feedback"),
    path("organisasjon/<slug:organisation>/logg/", reports.audit_log, name="audit_log"),
    path("pris/<slug:award>/", awards.award_edit, name="award"),
    path("pris/<slug:award>/kriterier/ny/", awards.criterion_create, name="criterion_create"),
    path("pris/<slug:award>/kriterier/<int:pk>/", awards.criterion_edit, name="criterion"),
    path("pris/<slug:award>/ny-utgave/", editions.edition_create, name="edition_create"),
    path(_edition, editions.edition_edit, name="edition"),
    path(_edition + "nominerte/", nominees.nominee_list, name="nominees"),
    path(_edition + "stemmer/", votes.vote_dashboard, name="votes"),
    path(_edition + "nominerte/ny/", nominees.nominee_create, name="nominee_create"),
    path(_edition + "nominerte/<int:pk>/", nominees.nominee_edit, name="nominee"),
    path(
        _edition + "nominerte/<int:pk>/trekk/", nominees.nominee_withdraw, name="nominee_withdraw"
    ),
]

# The organisation's logo on its public pages.
from kaaring.backoffice.views import organisation  # noqa: E402

urlpatterns += [
    path(
        "organisasjon/<slug:organisation>/logo/",
        organisation.organisation_profile,
        name="organisation",
    ),
]

# The jury room (helper J).
from kaaring.backoffice.views import jury  # noqa: E402

_room = "jury/<slug:award>/<int:year>/"
urlpatterns += [
    path("jury/", jury.jury_index, name="jury"),
    path(_room, jury.jury_room, name="jury_room"),
    path(_room + "konflikt/<int:nominee>/", jury.jury_conflict, name="jury_conflict"),
    path(_room + "poeng/<int:nominee>/", jury.jury_score, name="jury_score"),
    path(_room + "avgjorelse/", jury.jury_verdict, name="jury_verdict"),
]

# Calls for nominations and their screening (helper I).
from kaaring.backoffice import views_nominations  # noqa: E402

urlpatterns += views_nominations.urlpatterns

# Jury administration, the result and the review of the vote (helper M).
from kaaring.backoffice.views import jury_admin, results, review  # noqa: E402

urlpatterns += [
    path(_edition + "jury/", jury_admin.jury_admin, name="jury_admin"),
    path(_edition + "resultat/", results.results_page, name="results"),
    path(_edition + "gjennomgang/", review.review_page, name="review"),
]
