"""PynamoDB side of the interop tests.

    python3 pynamo_interop.py write ENDPOINT TABLE ID   # PynamoDB writes the expected item
    python3 pynamo_interop.py read ENDPOINT TABLE ID    # PynamoDB reads an item and checks every field
    python3 pynamo_interop.py simple ENDPOINT TABLE ID  # PynamoDB prints the item's to_simple_dict(force=True)
    python3 pynamo_interop.py from_simple ENDPOINT TABLE ID < view.json  # from_simple_dict, then as `read`

The expected values are the same ones the Rust test (tests/tests/integration/interop.rs)
uses; `read` exits 1 listing every field that differs.
"""
import json
import sys
from datetime import datetime, timezone

from pynamodb.attributes import (
    BinaryAttribute, BinarySetAttribute, BooleanAttribute, JSONAttribute, ListAttribute, MapAttribute,
    NullAttribute, NumberAttribute, NumberSetAttribute, UnicodeAttribute, UnicodeSetAttribute, UTCDateTimeAttribute,
)
from pynamodb.models import Model


class Line(MapAttribute):
    sku = UnicodeAttribute()
    qty = NumberAttribute()
    price = NumberAttribute()


class Address(MapAttribute):
    city = UnicodeAttribute()
    zip = UnicodeAttribute(null=True, attr_name="zip-code")


def model(endpoint, table):
    class Interop(Model):
        class Meta:
            table_name = table
            host = endpoint
            region = "us-east-1"
            aws_access_key_id = "rynamo"
            aws_secret_access_key = "local"

        id = UnicodeAttribute(hash_key=True)
        s = UnicodeAttribute()
        i = NumberAttribute()
        f = NumberAttribute()
        big = NumberAttribute()
        data = BinaryAttribute(legacy_encoding=False)
        legacy = BinaryAttribute(legacy_encoding=True)
        flag = BooleanAttribute()
        created = UTCDateTimeAttribute()
        doc = JSONAttribute()
        lines = ListAttribute(of=Line)
        address = Address(null=True)
        raw = MapAttribute()
        counts = MapAttribute()
        ss = UnicodeSetAttribute()
        ns = NumberSetAttribute()
        bs = BinarySetAttribute(legacy_encoding=False)
        legacy_set = BinarySetAttribute(legacy_encoding=True)
        empty_set = UnicodeSetAttribute(null=True)
        nothing = NullAttribute(null=True)
        absent = UnicodeAttribute(null=True)
        present = UnicodeAttribute(null=True)
        status = UnicodeAttribute()

    return Interop


EXPECTED = dict(
    s="héllo \"wörld\"\n\t\U0001F600",
    i=-9007199254740993,
    f=0.1 + 0.2,
    big=123456789012345678901234567890,
    data=b"\x00\x01\x02\xfe\xff",
    legacy=b"old bytes",
    flag=True,
    created=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc),
    doc={"a": [1, 2.5, "x", None, True], "b": {"c": "d"}},
    lines=[dict(sku="a-1", qty=2, price=2.5), dict(sku="b-2", qty=1, price=7.5)],
    address=dict(city="Lyon", zip="69001"),
    raw={"any": [True, None], "n": 5},
    counts={"a": 1, "b": 2},
    ss={"x", "y"},
    ns={-5, 0, 7},
    bs={b"\x01", b"\x02\x03"},
    legacy_set={b"p", b"q"},
    empty_set=None,
    absent=None,
    present="here",
    status="cancelled",
)


def write(cls, id_):
    values = dict(EXPECTED)
    values["lines"] = [Line(**l) for l in values["lines"]]
    values["address"] = Address(**values["address"])
    item = cls(id_, **values)
    # NullAttribute writes {"NULL": true} for any value that is not None.
    item.nothing = True
    item.save()


def normalise(name, value):
    if isinstance(value, MapAttribute):
        return {k: normalise(k, v) for k, v in value.attribute_values.items()}
    if isinstance(value, list):
        return [normalise(name, v) for v in value]
    if isinstance(value, dict):
        return {k: normalise(k, v) for k, v in value.items()}
    return value


def read(cls, id_):
    check(cls.get(id_, consistent_read=True))


def simple(cls, id_):
    item = cls.get(id_, consistent_read=True)
    print(json.dumps(item.to_simple_dict(force=True), sort_keys=True))


def from_simple(cls, id_):
    """Reads a plain-JSON view from stdin with from_simple_dict and checks every field."""
    item = cls()
    item.from_simple_dict(json.load(sys.stdin))
    check(item)


def check(item):
    wrong = []
    for name, want in EXPECTED.items():
        got = normalise(name, getattr(item, name))
        if got != want:
            wrong.append(f"{name}: PynamoDB read {got!r}, expected {want!r}")
    if wrong:
        print("\n".join(wrong))
        sys.exit(1)
    print(f"PynamoDB read all {len(EXPECTED)} fields as expected")


if __name__ == "__main__":
    action, endpoint, table, id_ = sys.argv[1:5]
    cls = model(endpoint, table)
    {"write": write, "read": read, "simple": simple, "from_simple": from_simple}[action](cls, id_)
