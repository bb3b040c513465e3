"""The organisers' jury page: appoint jurors by e-mail, name the chair, declare the scale;
members of the organisation only, viewers read-only, all audited."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Criterion, DecisionRule, Edition
from kaaring.backoffice.audit_display import describe
from kaaring.backoffice.tests.conftest import login  # noqa: F401
from kaaring.jury.models import Juror, JuryScale
from kaaring.jury.services import scores_record
from kaaring.jury.tests.conftest import Jury

pytestmark = pytest.mark.django_db


def _url(edition: Edition, name: str = "jury_admin") -> str:
    return reverse(f"backoffice:{name}", kwargs={"award": edition.award.slug, "year": edition.year})


@pytest.fixture
def draft(make_edition: Callable[..., Edition], criteria: list[Criterion]) -> Edition:
    """Voting opens tomorrow, so the scale may still be declared."""
    return make_edition(opens=dt.timedelta(days=1), closes=dt.timedelta(days=8))


def test_an_organiser_appoints_a_juror_by_email_and_makes_them_chair(
    login: Callable[..., Client],  # noqa: F811
    draft: Edition,
    organiser: User,
) -> None:
    expert = User.objects.create_user(email="Expert@Uni.example", password="x" * 20)
    client = login(organiser)

    malformed = client.post(_url(draft), {"action": "appoint", "juror-email": "nobody@"})
    assert malformed.status_code == 400
    assert "Enter a valid email address." in malformed.content.decode()

    response = client.post(_url(draft), {"action": "appoint", "juror-email": "expert@uni.example"})
    assert response.status_code == 302
    seat = Juror.objects.get(edition=draft)
    assert seat.user == expert
    assert not seat.is_chair

    client.post(_url(draft), {"action": "chair", "juror": seat.pk})
    seat.refresh_from_db()
    assert seat.is_chair
    assert AuditEntry.objects.filter(action="jury.juror_appointed").count() == 2
    assert "Chair" in client.get(_url(draft)).content.decode()


def test_an_organiser_declares_the_scale_with_weights_and_z_scores(
    login: Callable[..., Client],  # noqa: F811
    draft: Edition,
    criteria: list[Criterion],
    organiser: User,
) -> None:
    client = login(organiser)
    data = {
        "action": "scale",
        "scale-min_score": "0",
        "scale-max_score": "10",
        "scale-normalise": "on",
        f"scale-weight-{criteria[0].pk}": "2",
        f"scale-weight-{criteria[1].pk}": "1",
    }

    bad = client.post(_url(draft), {**data, "scale-max_score": "0"})
    assert bad.status_code == 400
    assert "The highest score must be above the lowest." in bad.content.decode()
    assert not JuryScale.objects.exists()

    assert client.post(_url(draft), data).status_code == 302
    scale = JuryScale.objects.get(edition=draft)
    assert (scale.min_score, scale.max_score, scale.normalise) == (0, 10, True)
    assert {w.criterion_id: w.weight for w in scale.weights.all()} == {
        criteria[0].pk: 2,
        criteria[1].pk: 1,
    }
    entry = AuditEntry.objects.get(action="jury.scale_declared")
    assert describe(entry).action == "Jury scale declared"


def test_the_scale_is_refused_once_the_first_score_is_in(
    login: Callable[..., Client],  # noqa: F811
    jury: Jury,
    organiser: User,
) -> None:
    data = {"action": "scale", "scale-min_score": "0", "scale-max_score": "9"}
    for criterion in jury.criteria:
        data[f"scale-weight-{criterion.pk}"] = "1"
    client = login(organiser)

    # Voting is over, but no score yet: the scale can be set (the trap of a jury that could
    # not score because nobody declared the scale before voting opened).
    assert client.post(_url(jury.edition), data).status_code == 302
    assert JuryScale.objects.get(edition=jury.edition).max_score == 9
    scores_record(
        juror=jury.juror,
        nominee=jury.nominees["Bærum"],
        values=dict.fromkeys(jury.criteria, 5),
    )
    data["scale-max_score"] = "5"
    response = client.post(_url(jury.edition), data)

    assert response.status_code == 409
    assert "The scale is fixed once the first score is in" in response.content.decode()
    assert JuryScale.objects.get(edition=jury.edition).max_score == 9


def test_other_organisations_get_404_and_viewers_cannot_appoint(
    login: Callable[..., Client],  # noqa: F811
    draft: Edition,
    outsider: User,
    viewer: User,
) -> None:
    User.objects.create_user(email="expert@uni.example", password="x" * 20)
    post = {"action": "appoint", "juror-email": "expert@uni.example"}
    stranger = login(outsider)
    assert stranger.get(_url(draft)).status_code == 404
    assert stranger.post(_url(draft), post).status_code == 404

    reader = login(viewer)
    page = reader.get(_url(draft))
    assert page.status_code == 200
    assert "Appoint a juror" not in page.content.decode()
    assert reader.post(_url(draft), post).status_code == 403
    assert not Juror.objects.exists()


def test_the_results_page_shows_the_weighted_breakdown_and_the_verdict(
    login: Callable[..., Client],  # noqa: F811
    jury: Jury,
    organiser: User,
) -> None:
    Edition.objects.filter(pk=jury.edition.pk).update(
        decision_rule=DecisionRule.WEIGHTED, public_weight_percent=40
    )
    jury.edition.refresh_from_db()
    baerum = jury.nominees["Bærum"]
    scores_record(juror=jury.chair, nominee=baerum, values=dict.fromkeys(jury.criteria, 5))

    html = login(organiser).get(_url(jury.edition, "results")).content.decode()

    assert "The public vote weighs 40 %" in html
    assert "Weighted breakdown per finalist" in html
    # Bærum: 6 of 19 votes (31.6 %), jury 5 on 1 to 5 (100 %): 0.4 * 31.6 + 0.6 * 100 = 72.6
    row = "<td>6</td><td>31.6</td><td>5.00</td><td>100.0</td><td>72.6</td>"
    assert f'<th scope="row">Bærum</th>{row}' in html
    assert "Winner by the rule: Bærum" in html
