import factory
from django.contrib.auth import get_user_model

from magistrat.core.permissions import forget_grants
from magistrat.org.models import Membership, Office, Position, RoleAssignment, Staff, Unit

PASSWORD = "Test-password-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.pl")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = "Urząd Miasta Testowo"
    street = "ul. Rynek 1"
    postal_code = "00-950"
    city = "Testowo"
    teryt = "1465011"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}")
    name = factory.Sequence(lambda n: f"Wydział {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("name",)

    name = "Inspektor"


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    employee_number = factory.Sequence(lambda n: f"T{n:05d}")
    position = factory.SubFactory(PositionFactory)

    @factory.post_generation
    def unit(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            Membership.objects.create(staff=obj, unit=extracted, is_primary=True)


def grant(user, role, unit=None):
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    forget_grants(user)
    return user
