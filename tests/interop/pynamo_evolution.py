"""PynamoDB side of the data-safety interop tests (tests/tests/integration/evolution.rs):
JSON attributes kept exactly, defaults for missing attributes, versioned updates.

    python3 pynamo_evolution.py ACTION ENDPOINT TABLE ID

Every action exits 1 listing what differs, else prints "as expected".
"""
import json
import math
import sys

from pynamodb.attributes import (
    BooleanAttribute, DiscriminatorAttribute, JSONAttribute, ListAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute, VersionAttribute,
)
from pynamodb.exceptions import UpdateError
from pynamodb.models import Model


def meta(endpoint, table):
    return type("Meta", (), dict(
        table_name=table, host=endpoint, region="us-east-1",
        aws_access_key_id="rynamo", aws_secret_access_key="local",
    ))


def docs_model(endpoint, table):
    class Docs(Model):
        Meta = meta(endpoint, table)
        id = UnicodeAttribute(hash_key=True)
        exact = JSONAttribute()
        typed = JSONAttribute()
        plain = JSONAttribute()
        touched = NumberAttribute()

    return Docs


# What Python's json.dumps keeps that a naive JSON library changes: integers beyond
# 64 (and 128) bits, NaN and the infinities, non-ASCII text, a lone surrogate, key order.
EXACT = {"z": 1, "huge": 2 ** 200, "nan": float("nan"), "s": "Zo\u00eb \u20ac \U0001F600 \ud800",
         "a": [1e16, 1e-05, 100.0, -0.0, float("-inf")]}
# Mirrors `Typed` in evolution.rs, field for field in declaration order.
TYPED = {"name": "Zo\u00eb \u20ac \U0001F600", "big": 2 ** 100, "neg": -(2 ** 90), "ratio": 0.1,
         "nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"),
         "list": [1e16, 1e-05, 100.0], "nested": {"b": 1, "a": None}}
PLAIN = {"b": [True, None, "\u00e9"], "a": {"y": 2.5, "x": -3}}


def same(got, want):
    """Equality that treats NaN as equal to NaN, recursively."""
    if isinstance(want, float) and math.isnan(want):
        return isinstance(got, float) and math.isnan(got)
    if isinstance(want, dict):
        return isinstance(got, dict) and list(got) == list(want) and all(same(got[k], want[k]) for k in want)
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(same(g, w) for g, w in zip(got, want))
    return type(got) is type(want) and got == want


def finish(wrong, what):
    if wrong:
        print("\n".join(wrong))
        sys.exit(1)
    print(f"PynamoDB {what} as expected")


def json_write(endpoint, table, id_):
    Docs = docs_model(endpoint, table)
    Docs(id_, exact=EXACT, typed=TYPED, plain=PLAIN, touched=0).save()
    finish([], "wrote JSON documents")


def json_read(endpoint, table, id_):
    """Reads documents Rynamo saved (after reading PynamoDB's, or written from scratch)."""
    Docs = docs_model(endpoint, table)
    item = Docs.get(id_, consistent_read=True)
    wrong = []
    for name, want in [("exact", EXACT), ("typed", TYPED)]:
        if not same(getattr(item, name), want):
            wrong.append(f"{name}: PynamoDB read {getattr(item, name)!r}, expected {want!r}")
    # serde_json::Value objects are sorted by key: equal, though not in the same order.
    if json.dumps(item.plain, sort_keys=True) != json.dumps(PLAIN, sort_keys=True):
        wrong.append(f"plain: PynamoDB read {item.plain!r}, expected {PLAIN!r}")
    finish(wrong, "read Rynamo's JSON documents")


def profile_models(endpoint, table):
    """`Profile` before and after three attributes were added with defaults (evolution.rs)."""
    class ProfileV1(Model):
        Meta = meta(endpoint, table)
        id = UnicodeAttribute(hash_key=True)
        name = UnicodeAttribute()

    class Profile(Model):
        Meta = meta(endpoint, table)
        id = UnicodeAttribute(hash_key=True)
        name = UnicodeAttribute()
        logins = NumberAttribute(default=0)
        tier = UnicodeAttribute(default=lambda: "free")
        tags = ListAttribute(of=UnicodeAttribute, default=list)

    return ProfileV1, Profile


def defaults_write_old(endpoint, table, id_):
    ProfileV1, _ = profile_models(endpoint, table)
    ProfileV1(id_, name="old").save()
    finish([], "wrote an item of the old model")


def defaults_read(endpoint, table, id_):
    """Reads an item (old, or saved by Rynamo) with the new model: the same values as Rynamo."""
    _, Profile = profile_models(endpoint, table)
    item = Profile.get(id_, consistent_read=True)
    wrong = []
    got = (item.name, item.logins, item.tier, item.tags)
    if got != ("old", 0, "free", []):
        wrong.append(f"PynamoDB read {got!r}, expected ('old', 0, 'free', [])")
    finish(wrong, "read defaults")


def account_model(endpoint, table):
    """`Account` of tests/tests/integration/semantics.rs."""
    class Account(Model):
        Meta = meta(endpoint, table)
        id = UnicodeAttribute(hash_key=True)
        balance = NumberAttribute()
        version = VersionAttribute()
        expires = TTLAttribute(null=True)

    return Account


def version_write(endpoint, table, id_):
    Account = account_model(endpoint, table)
    account = Account(id_, balance=1)
    account.save()
    account.save()  # version 2
    # PynamoDB's update() from a key alone (version None) requires no stored version.
    try:
        Account(id_).update(actions=[Account.balance.set(2)])
        finish([f"an update from a bare key passed the version check"], "")
    except UpdateError:
        pass
    finish([], "wrote a versioned item")


def version_check(endpoint, table, id_):
    """After Rynamo's update with expected_version(2): version 3, balance 5."""
    Account = account_model(endpoint, table)
    wrong = []
    stale = Account(id_, balance=0, version=2)
    fresh = Account.get(id_, consistent_read=True)
    if (fresh.balance, fresh.version) != (5, 3):
        wrong.append(f"PynamoDB read {(fresh.balance, fresh.version)!r}, expected (5, 3)")
    try:
        stale.update(actions=[Account.balance.add(1)])
        wrong.append("a stale PynamoDB update passed the version check")
    except UpdateError:
        pass
    fresh.update(actions=[Account.balance.add(1)])
    stale.update(actions=[Account.balance.add(1)], add_version_condition=False)
    final = Account.get(id_, consistent_read=True)
    if (final.balance, final.version) != (7, 5):
        wrong.append(f"after PynamoDB's updates {(final.balance, final.version)!r}, expected (7, 5)")
    finish(wrong, "checked versions")


def animal_models(endpoint, table):
    """`Dog`/`Cat` of semantics.rs, plus a class (`hound`) Rynamo's `Pet` maps to `Dog`
    and one (`bird`) it does not register."""
    class Animal(Model):
        Meta = meta(endpoint, table)
        owner = UnicodeAttribute(hash_key=True)
        name = UnicodeAttribute(range_key=True)
        cls = DiscriminatorAttribute()

    class Dog(Animal, discriminator="dog"):
        barks = BooleanAttribute()

    class Cat(Animal, discriminator="cat"):
        lives = NumberAttribute()

    class Hound(Animal, discriminator="hound"):
        barks = BooleanAttribute()

    class Bird(Animal, discriminator="bird"):
        wings = NumberAttribute()

    return Animal, Dog, Cat, Hound, Bird


def animals_write(endpoint, table, owner):
    Animal, Dog, Cat, Hound, Bird = animal_models(endpoint, table)
    Dog(owner=owner, name="rex", barks=True).save()
    Cat(owner=owner, name="tom", lives=9).save()
    Hound(owner=owner, name="old-rex", barks=False).save()
    Bird(owner=owner, name="tweety", wings=2).save()
    finish([], "wrote animals")


def animals_read(endpoint, table, owner):
    """PynamoDB filters a polymorphic query on classes the same way (`cls IN (...)`)."""
    Animal, Dog, Cat, Hound, Bird = animal_models(endpoint, table)
    got = [(type(a).__name__, a.name) for a in Animal.query(owner, filter_condition=Animal.cls.is_in(Dog, Cat))]
    wrong = []
    if got != [("Dog", "rex"), ("Cat", "tom")]:
        wrong.append(f"PynamoDB read {got!r}")
    finish(wrong, "read animals")


ACTIONS = {
    "animals_write": animals_write, "animals_read": animals_read,
    "version_write": version_write, "version_check": version_check,
    "json_write": json_write, "json_read": json_read,
    "defaults_write_old": defaults_write_old, "defaults_read": defaults_read,
}

if __name__ == "__main__":
    action, endpoint, table, id_ = sys.argv[1:5]
    ACTIONS[action](endpoint, table, id_)
