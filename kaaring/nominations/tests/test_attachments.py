import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kaaring.nominations import errors
from kaaring.nominations.checks import attachment_kind, organisation_number_clean
from kaaring.nominations.models import Attachment, attachment_root
from kaaring.nominations.tests.conftest import PDF, PNG, office_file, person_data, save, upload


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are checked in English; the catalogs have their own completeness test."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("value", ["974760673", "974 760 673", "923609016"])
def test_a_valid_organisation_number_passes_its_control_digit(value):
    assert organisation_number_clean(value) == value.replace(" ", "")


@pytest.mark.parametrize("value", ["974760674", "12345678", "97476067a", "9747606733"])
def test_a_malformed_organisation_number_is_refused(value):
    with pytest.raises(ValueError, match="organisation number"):
        organisation_number_clean(value)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, Attachment.Kind.PDF),
        (PNG, Attachment.Kind.PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, Attachment.Kind.JPEG),
        (office_file("word/document.xml"), Attachment.Kind.DOCX),
        (office_file("xl/workbook.xml"), Attachment.Kind.XLSX),
        (b"MZ\x90\x00 a program", None),
        (office_file("something/else.xml"), None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_the_type_is_judged_by_the_content(content, kind):
    import io

    assert attachment_kind(io.BytesIO(content)) == kind


def test_an_accepted_attachment_is_stored_outside_the_web_root(call, settings):
    result = save(call, person_data(call), uploads=[upload("plan.pdf", PDF)])

    attachment = result.nomination.attachments.get()
    assert attachment.kind == Attachment.Kind.PDF
    assert attachment.original_name == "plan.pdf"
    path = attachment_root() / str(attachment.file.name)
    assert path.read_bytes() == PDF
    assert str(settings.MEDIA_ROOT) not in str(path)
    assert "plan" not in str(attachment.file.name)


@pytest.mark.parametrize(
    "name_and_content",
    [("report.pdf", b"MZ\x90\x00 a renamed program"), ("photo.png", PDF), ("notes.txt", b"hi")],
)
def test_an_attachment_of_the_wrong_or_disguised_type_is_refused(call, name_and_content):
    name, content = name_and_content
    with pytest.raises(errors.AttachmentRejected, match=name):
        save(call, person_data(call), uploads=[upload(name, content)])
    assert not call.nominations.exists()


def test_an_attachment_over_the_declared_size_is_refused(call):
    too_large = PDF + b"0" * (1024 * 1024)
    with pytest.raises(errors.AttachmentRejected, match="largest file allowed is 1 MB"):
        save(call, person_data(call), uploads=[upload("big.pdf", too_large)])


def test_more_attachments_than_declared_are_refused(call):
    files = [upload(f"{n}.pdf", PDF) for n in range(3)]
    with pytest.raises(ValidationError) as caught:
        save(call, person_data(call), uploads=files)
    assert "attachments" in caught.value.message_dict


def test_the_size_in_the_message_is_written_the_norwegian_way_on_norwegian_pages(call):
    too_large = PDF + b"0" * (1024 * 1024)
    with (
        translation.override("nb"),
        pytest.raises(errors.AttachmentRejected, match=r"på 1,0 MB"),
    ):
        save(call, person_data(call), uploads=[upload("big.pdf", too_large)])
