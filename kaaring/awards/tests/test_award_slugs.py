import pytest
from django.core.exceptions import ValidationError

from kaaring.awards import services
from kaaring.awards.models import Award


@pytest.mark.parametrize("slug", ["personvern", "backoffice", "nn", "en", "kommuner"])
def test_an_award_may_not_take_an_address_the_site_uses(imdi, slug):
    with pytest.raises(ValidationError) as refused:
        services.award_create(
            actor=None, organisation=imdi, slug=slug, name="Prisen", description="Om prisen."
        )
    assert "slug" in refused.value.message_dict
    assert not Award.objects.exists()
