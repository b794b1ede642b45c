"""PynamoDB side of the model-semantics interop tests (version, TTL, discriminator).

    python3 pynamo_semantics.py write ENDPOINT ACCOUNTS_TABLE ANIMALS_TABLE   # PynamoDB writes
    python3 pynamo_semantics.py read ENDPOINT ACCOUNTS_TABLE ANIMALS_TABLE    # PynamoDB reads what Rust wrote

Mirrors `Account`, `Dog`, `Cat` and `Animal` in tests/tests/integration/semantics.rs.
"""
import sys
from datetime import datetime, timezone

from pynamodb.attributes import (
    BooleanAttribute, DiscriminatorAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute, VersionAttribute,
)
from pynamodb.models import Model

EXPIRES = datetime(2030, 1, 1, tzinfo=timezone.utc)


def models(endpoint, accounts, animals):
    class Base:
        host = endpoint
        region = "us-east-1"
        aws_access_key_id = "rynamo"
        aws_secret_access_key = "local"

    class Account(Model):
        Meta = type("Meta", (Base,), {"table_name": accounts})
        id = UnicodeAttribute(hash_key=True)
        balance = NumberAttribute()
        version = VersionAttribute()
        expires = TTLAttribute(null=True)

    class Animal(Model):
        Meta = type("Meta", (Base,), {"table_name": animals})
        owner = UnicodeAttribute(hash_key=True)
        name = UnicodeAttribute(range_key=True)
        cls = DiscriminatorAttribute()

    class Dog(Animal, discriminator="dog"):
        barks = BooleanAttribute()

    class Cat(Animal, discriminator="cat"):
        lives = NumberAttribute()

    return Account, Animal, Dog, Cat


def check(wrong, what, got, want):
    if got != want:
        wrong.append(f"{what}: PynamoDB read {got!r}, expected {want!r}")


def write(Account, Animal, Dog, Cat):
    account = Account("py", balance=7, expires=EXPIRES)
    account.save()
    account.save()  # version 2
    Dog(owner="py", name="rex", barks=True).save()
    Cat(owner="py", name="tom", lives=9).save()


def read(Account, Animal, Dog, Cat):
    wrong = []
    account = Account.get("rs", consistent_read=True)
    check(wrong, "balance", account.balance, 5)
    check(wrong, "version", account.version, 2)
    check(wrong, "expires", account.expires, EXPIRES)
    # PynamoDB's own version check accepts Rynamo's version: the save succeeds and increments it.
    account.balance = 6
    account.save()
    check(wrong, "version after PynamoDB save", Account.get("rs", consistent_read=True).version, 3)
    animals = list(Animal.query("rs"))
    check(wrong, "animal classes", [type(a).__name__ for a in animals], ["Dog", "Cat"])
    check(wrong, "dog", (animals[0].name, animals[0].barks), ("fido", False))
    check(wrong, "cat", (animals[1].name, animals[1].lives), ("kit", 3))
    if wrong:
        print("\n".join(wrong))
        sys.exit(1)
    print("PynamoDB read version, TTL and discriminator as expected")


if __name__ == "__main__":
    action, endpoint, accounts, animals = sys.argv[1:5]
    {"write": write, "read": read}[action](*models(endpoint, accounts, animals))
