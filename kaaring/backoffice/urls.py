"""Every route of the back office: organisers' workflows and the jury room."""

from django.urls import path

from kaaring.backoffice import views_nomination_call, views_nominations
from kaaring.backoffice.views import (
    awards,
    dashboard,
    editions,
    jury,
    jury_admin,
    nominees,
    organisation,
    reports,
    results,
    review,
    tokens,
    votes,
)

app_name = "backoffice"

_organisation = "organisasjon/<slug:organisation>/"
_award = "pris/<slug:award>/"
_edition = "pris/<slug:award>/<int:year>/"
_room = "jury/<slug:award>/<int:year>/"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # An organisation's awards, its page feedback and its audit log.
    path(_organisation + "ny-pris/", awards.award_create, name="award_create"),
    path(_organisation + "tilbakemeldinger/", reports.feedback, name="feedback"),
    path(_organisation + "logg/", reports.audit_log, name="audit_log"),
    path(_organisation + "logo/", organisation.organisation_profile, name="organisation"),
    path(_organisation + "api-nokler/", tokens.token_list, name="tokens"),
    path(
        _organisation + "api-nokler/<int:pk>/trekk-tilbake/",
        tokens.token_revoke_view,
        name="token_revoke",
    ),
    # An award and its criteria.
    path(_award, awards.award_edit, name="award"),
    path(_award + "kriterier/ny/", awards.criterion_create, name="criterion_create"),
    path(_award + "kriterier/<int:pk>/", awards.criterion_edit, name="criterion"),
    path(_award + "ny-utgave/", editions.edition_create, name="edition_create"),
    # An edition: its settings, nominees, vote, jury, review and result.
    path(_edition, editions.edition_edit, name="edition"),
    path(_edition + "nominerte/", nominees.nominee_list, name="nominees"),
    path(_edition + "stemmer/", votes.vote_dashboard, name="votes"),
    path(_edition + "nominerte/ny/", nominees.nominee_create, name="nominee_create"),
    path(_edition + "nominerte/<int:pk>/", nominees.nominee_edit, name="nominee"),
    path(
        _edition + "nominerte/<int:pk>/trekk/", nominees.nominee_withdraw, name="nominee_withdraw"
    ),
    path(_edition + "jury/", jury_admin.jury_admin, name="jury_admin"),
    path(_edition + "resultat/", results.results_page, name="results"),
    path(_edition + "gjennomgang/", review.review_page, name="review"),
    # The edition's call for nominations and the screening of what came in.
    path(_edition + "nominasjoner/", views_nominations.nomination_list, name="nominations"),
    path(
        _edition + "nominasjoner/<int:pk>/",
        views_nominations.nomination_detail,
        name="nomination",
    ),
    path(
        _edition + "nominasjoner/<int:pk>/beslutning/",
        views_nominations.nomination_decide,
        name="nomination_decide",
    ),
    path(
        _edition + "nominasjoner/vedlegg/<int:pk>/",
        views_nominations.attachment_download,
        name="nomination_attachment",
    ),
    path(
        _edition + "nominasjoner/oppsett/",
        views_nomination_call.call_edit,
        name="nomination_call",
    ),
    path(
        _edition + "nominasjoner/sporsmal/ny/",
        views_nomination_call.question_edit,
        name="nomination_question_create",
    ),
    path(
        _edition + "nominasjoner/sporsmal/<int:pk>/",
        views_nomination_call.question_edit,
        name="nomination_question",
    ),
    # The jury room.
    path("jury/", jury.jury_index, name="jury"),
    path(_room, jury.jury_room, name="jury_room"),
    path(_room + "konflikt/<int:nominee>/", jury.jury_conflict, name="jury_conflict"),
    path(_room + "poeng/<int:nominee>/", jury.jury_score, name="jury_score"),
    path(_room + "avgjorelse/", jury.jury_verdict, name="jury_verdict"),
]
