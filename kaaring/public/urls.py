"""Every route of the public site, in six namespaces: ``public`` (pages), ``voting`` (the vote,
one group of views per verification mode), ``results`` (published results and their open data),
``stats`` (Tall og statistikk), ``nominations`` (the nomination form) and ``ballotlog`` (the
public ballot log).

The two pages a big vote sends most visitors to come first: URL resolution tries patterns in
order, and each group it enters and leaves without a match costs more than the match. The award
segment never matches a first segment the site uses itself (``<award:…>``, converters.py), so the
order decides no address.
"""

from django.urls import include, path, re_path

import kaaring.public.converters  # noqa: F401 - registers <year:…> and <award:…>
from kaaring.public.views import (
    awards,
    ballotlog,
    feedback,
    nominations,
    pages,
    results,
    stats,
    vote,
    vote_common,
    vote_eid,
    vote_email,
    vote_share,
)

_edition = "<award:award>/<year:year>/"
_vote = _edition + "stem/<slug:nominee>/"

pages_patterns = [
    path(_edition, awards.edition, name="edition"),
    path(_edition + "nominerte/<slug:nominee>/", awards.nominee, name="nominee"),
    path("", pages.home, name="home"),
    path("tilgjengelighet/", pages.accessibility, name="accessibility"),
    path("personvern/", pages.privacy, name="privacy"),
    path("tilbakemelding/", feedback.feedback, name="feedback"),
    path("<award:award>/", awards.award, name="award"),
    path("<award:award>/arkiv/", awards.archive, name="archive"),
    path(_edition + "nominerte/", awards.nominees, name="nominees"),
]

# Shared steps are in views/vote_common.py; views/vote.py is the start page and the open mode,
# vote_email.py the e-mail mode, vote_eid.py the e-ID mode, vote_share.py the embeddable button.
voting_patterns = [
    path(_edition + "stem/takk/", vote_common.done, name="done"),
    path("kvittering/", vote.check, name="check"),
    path(_vote, vote.start, name="start"),
    path(_vote + "e-post/", vote_email.email_request, name="email_request"),
    path("stem/bekreft/<str:token>/", vote_email.email_confirm, name="email_confirm"),
    path(_vote + "eid/", vote_eid.eid_login, name="eid_login"),
    path("stem/eid/tilbake/", vote_eid.eid_callback, name="eid_callback"),
    path(_vote + "knapp/", vote_share.embed, name="embed"),
]

results_patterns = [
    path(_edition + "resultat/", results.results, name="results"),
    path(_edition + "resultat.csv", results.results_csv, name="csv"),
    path(_edition + "resultat.json", results.results_json, name="json"),
]

stats_patterns = [
    path("", stats.index, name="index"),
    # Every municipality's figures in one file (docs/open-data.md).
    path("alle-tall.csv", stats.all_csv, name="all_csv"),
    # Municipality numbers are four digits, past or present (0417 as well as 3413).
    re_path(r"^(?P<number>[0-9]{4})/$", stats.municipality, name="municipality"),
    re_path(r"^(?P<number>[0-9]{4})/tall\.csv$", stats.municipality_csv, name="municipality_csv"),
]

nominations_patterns = [
    path(_edition + "nominer/", nominations.nomination_form, name="form"),
    path(_edition + "nominer/sendt/", nominations.nomination_sent, name="sent"),
    path(_edition + "nominer/ny-lenke/", nominations.nomination_resend, name="resend"),
    path(_edition + "nominer/lenke/<str:token>/", nominations.nomination_link, name="link"),
]

ballotlog_patterns = [
    path(_edition + "stemmelogg/", ballotlog.log, name="log"),
    path(_edition + "stemmelogg.json", ballotlog.download, name="download"),
    path(_edition + "stemmelogg/nokkel.txt", ballotlog.public_key, name="key"),
    path(_edition + "stemmelogg/siste.json", ballotlog.latest, name="latest"),
]

urlpatterns = [
    path("", include((pages_patterns, "public"))),
    path("", include((voting_patterns, "voting"))),
    path("", include((results_patterns, "results"))),
    path("kommuner/", include((stats_patterns, "stats"))),
    path("", include((nominations_patterns, "nominations"))),
    path("", include((ballotlog_patterns, "ballotlog"))),
]
