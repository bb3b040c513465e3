from kaaring.awards.models import Phase


def test_the_edition_fixture_is_open_for_voting(edition, nominees):
    assert edition.phase_at() == Phase.VOTING_OPEN
    assert [n.name for n in nominees] == ["Stange", "Asker", "Bodø"]
