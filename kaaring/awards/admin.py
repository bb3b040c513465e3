"""Awards in the Django admin, for superusers' plain content editing.

Every save goes through the same services as the back office (validation, frozen rules, audit
log); a refused change comes back as a message with nothing saved. Nothing is deleted here.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from kaaring.accounts.models import User
from kaaring.awards import services
from kaaring.awards.errors import AwardsError
from kaaring.awards.models import Award, Criterion, Edition, Nominee


class _RefusedError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ServiceAdmin(admin.ModelAdmin):
    """A model admin whose saves call ``create``/``update`` services with the changed fields."""

    service_fields: tuple[str, ...] = ()
    parent_field = ""

    def create(self, actor: User, parent: Any, fields: dict[str, Any]) -> Model:
        raise NotImplementedError

    def update(self, actor: User, obj: Any, fields: dict[str, Any]) -> Model:
        raise NotImplementedError

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The parent (award, edition …) is chosen once, when the object is made.
        return [self.parent_field] if obj is not None and self.parent_field else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        actor = request.user
        assert isinstance(actor, User)  # noqa: S101 - the admin admits only logged-in users
        try:
            if change:
                fields = {
                    name: form.cleaned_data[name]
                    for name in form.changed_data
                    if name in self.service_fields
                }
                saved = self.update(actor, type(obj).objects.get(pk=obj.pk), fields)
            else:
                fields = {
                    name: form.cleaned_data[name]
                    for name in self.service_fields
                    if name in form.cleaned_data
                }
                saved = self.create(actor, form.cleaned_data[self.parent_field], fields)
        except ValidationError as error:
            raise _RefusedError(" ".join(error.messages)) from error
        except AwardsError as error:
            raise _RefusedError(str(error)) from error
        obj.pk = saved.pk

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _RefusedError as refused:
            # The admin's transaction was rolled back: nothing of the change is stored.
            self.message_user(request, refused.message, level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "title", "title_nn", "title_en"]
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Award)
class AwardAdmin(ServiceAdmin):
    list_display = ["name", "slug", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "slug"]
    fields = ["organisation", *services.AWARD_FIELDS]
    service_fields = services.AWARD_FIELDS
    parent_field = "organisation"
    inlines = [CriterionInline]

    def create(self, actor: User, parent: Any, fields: dict[str, Any]) -> Model:
        return services.award_create(actor=actor, organisation=parent, **fields)

    def update(self, actor: User, obj: Any, fields: dict[str, Any]) -> Model:
        return services.award_update(actor=actor, award=obj, **fields)


@admin.register(Criterion)
class CriterionAdmin(ServiceAdmin):
    list_display = ["title", "award", "position"]
    list_filter = ["award"]
    fields = ["award", *services.CRITERION_FIELDS]
    service_fields = services.CRITERION_FIELDS
    parent_field = "award"

    def create(self, actor: User, parent: Any, fields: dict[str, Any]) -> Model:
        return services.criterion_create(actor=actor, award=parent, **fields)

    def update(self, actor: User, obj: Any, fields: dict[str, Any]) -> Model:
        return services.criterion_update(actor=actor, criterion=obj, **fields)


@admin.register(Edition)
class EditionAdmin(ServiceAdmin):
    list_display = ["__str__", "award", "year", "voting_opens_at", "voting_closes_at"]
    list_filter = ["award"]
    fields = ["award", *services.EDITION_FIELDS]
    service_fields = services.EDITION_FIELDS
    parent_field = "award"

    def create(self, actor: User, parent: Any, fields: dict[str, Any]) -> Model:
        return services.edition_create(actor=actor, award=parent, **fields)

    def update(self, actor: User, obj: Any, fields: dict[str, Any]) -> Model:
        return services.edition_update(actor=actor, edition=obj, **fields)


@admin.register(Nominee)
class NomineeAdmin(ServiceAdmin):
    list_display = ["name", "edition", "kind", "position", "withdrawn_at"]
    list_filter = ["edition__award", "edition__year"]
    search_fields = ["name"]
    fields = ["edition", *services.NOMINEE_FIELDS]
    service_fields = services.NOMINEE_FIELDS
    parent_field = "edition"

    def create(self, actor: User, parent: Any, fields: dict[str, Any]) -> Model:
        return services.nominee_create(actor=actor, edition=parent, **fields)

    def update(self, actor: User, obj: Any, fields: dict[str, Any]) -> Model:
        return services.nominee_update(actor=actor, nominee=obj, **fields)
