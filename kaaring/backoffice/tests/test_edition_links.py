"""The edition page in the back office leads to the edition's nominations and vote dashboard."""

from kaaring.awards.models import DecisionRule, VotingMode


def test_the_edition_page_links_to_nominations_and_the_vote_dashboard(login, organiser, edition):
    html = login(organiser).get("/backoffice/pris/bosettingsprisen/2018/").content.decode()

    assert 'href="/backoffice/pris/bosettingsprisen/2018/nominasjoner/"' in html
    assert 'href="/backoffice/pris/bosettingsprisen/2018/stemmer/"' in html
    assert 'href="/backoffice/pris/bosettingsprisen/2018/gjennomgang/"' in html
    assert 'href="/backoffice/pris/bosettingsprisen/2018/jury/"' in html
    assert 'href="/backoffice/pris/bosettingsprisen/2018/resultat/"' in html


def test_an_edition_without_a_public_vote_has_no_vote_dashboard_link(
    login, organiser, make_edition
):
    make_edition(
        year=2019,
        voting_mode=VotingMode.NONE,
        decision_rule=DecisionRule.JURY_ONLY,
        voting_opens_at=None,
        voting_closes_at=None,
    )
    html = login(organiser).get("/backoffice/pris/bosettingsprisen/2019/").content.decode()

    assert "/stemmer/" not in html
    assert 'href="/backoffice/pris/bosettingsprisen/2019/nominasjoner/"' in html


def test_a_juror_from_outside_the_organisation_lands_in_the_jury_rooms(
    login, organiser, edition, django_user_model
):
    from kaaring.jury.services import juror_appoint

    juror = django_user_model.objects.create_user(email="juror@example.no", password="x" * 20)
    juror_appoint(actor=organiser, edition=edition, user=juror)

    response = login(juror).get("/backoffice/")

    assert response.status_code == 302
    assert response["Location"] == "/backoffice/jury/"


def test_a_logged_in_stranger_is_still_refused(login, django_user_model):
    stranger = django_user_model.objects.create_user(email="who@example.no", password="x" * 20)

    assert login(stranger).get("/backoffice/").status_code == 403
