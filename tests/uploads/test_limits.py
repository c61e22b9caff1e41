import pytest

from forum.uploads.limits import take_upload_allowance

pytestmark = pytest.mark.django_db


def test_each_member_has_a_daily_allowance_of_uploads(settings):
    settings.IMAGE_UPLOADS_PER_DAY = 2
    assert take_upload_allowance(1) and take_upload_allowance(1)
    assert not take_upload_allowance(1)
    assert take_upload_allowance(2)  # another member's count is their own
