"""PynamoDB side of the nested polymorphism interop test (tests/tests/integration/polymorphic_maps.rs):
MapAttribute subclasses told apart by a DiscriminatorAttribute, in a map, a list and an optional map,
with a second value registered for one class.

    python3 pynamo_shapes.py ACTION ENDPOINT TABLE

Every action exits 1 listing what differs, else prints "as expected".
"""
import sys

from pynamodb.attributes import DiscriminatorAttribute, ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model


def models(endpoint, table, circle_values):
    """`Shape`/`Circle`/`Square`/`Drawing` of polymorphic_maps.rs. `circle_values` are registered
    for Circle in order; PynamoDB writes the first and reads all of them."""
    class Shape(MapAttribute):
        cls = DiscriminatorAttribute()
        name = UnicodeAttribute()

    class Circle(Shape, discriminator=circle_values[0]):
        radius = NumberAttribute()

    for value in circle_values[1:]:
        Shape.cls.register_class(Circle, value)

    class Square(Shape, discriminator="square"):
        side = NumberAttribute()
        label = UnicodeAttribute(null=True)

    class Drawing(Model):
        class Meta:
            table_name = table
            host = endpoint
            region = "us-east-1"
            aws_access_key_id = "rynamo"
            aws_secret_access_key = "local"

        id = UnicodeAttribute(hash_key=True)
        main = Shape()
        shapes = ListAttribute(of=Shape)
        spare = Shape(null=True)

    return Drawing, Circle, Square


def finish(wrong, what):
    if wrong:
        print("\n".join(wrong))
        sys.exit(1)
    print(f"PynamoDB {what} as expected")


def write(endpoint, table):
    Drawing, Circle, Square = models(endpoint, table, ["circle", "round"])
    Drawing(id="py", main=Circle(name="c", radius=1.5),
            shapes=[Square(name="s", side=2, label="a"), Circle(name="c2", radius=3)]).save()
    # Older code registered Circle as "round" only: its items carry that value.
    Old, OldCircle, OldSquare = models(endpoint, table, ["round"])
    Old(id="py-old", main=OldCircle(name="o", radius=5), shapes=[OldCircle(name="o2", radius=6)],
        spare=OldSquare(name="q", side=1)).save()
    finish([], "wrote drawings")


def describe(shape):
    fields = {k: v for k, v in shape.attribute_values.items() if k != "cls"}
    return (type(shape).__name__, sorted(fields.items()))


def read(endpoint, table):
    """Reads what Rynamo wrote (`rs`) and saved (`py`, `py-old`); saving `rs` again changes nothing."""
    Drawing, Circle, Square = models(endpoint, table, ["circle", "round"])
    wrong = []

    def check(id_, want):
        d = Drawing.get(id_, consistent_read=True)
        got = (describe(d.main), [describe(s) for s in d.shapes], d.spare and describe(d.spare))
        if got != want:
            wrong.append(f"{id_}: read {got!r}, expected {want!r}")

    check("rs", (("Square", [("label", "big"), ("name", "r1"), ("side", 4)]),
                 [("Circle", [("name", "r2"), ("radius", 0.25)]), ("Square", [("name", "r3"), ("side", 5)])],
                 ("Circle", [("name", "r4"), ("radius", 7)])))
    check("py", (("Circle", [("name", "c"), ("radius", 1.5)]),
                 [("Square", [("label", "a"), ("name", "s"), ("side", 2)]), ("Circle", [("name", "c2"), ("radius", 3)])],
                 None))
    check("py-old", (("Circle", [("name", "o"), ("radius", 5)]), [("Circle", [("name", "o2"), ("radius", 6)])],
                     ("Square", [("name", "q"), ("side", 1)])))
    connection = Drawing._get_connection()
    before = connection.get_item("rs", consistent_read=True)["Item"]
    Drawing.get("rs", consistent_read=True).save()
    after = connection.get_item("rs", consistent_read=True)["Item"]
    if after != before:
        wrong.append(f"PynamoDB's save of Rynamo's item changed it:\n{before!r}\n{after!r}")
    finish(wrong, "read drawings")


ACTIONS = {"write": write, "read": read}

if __name__ == "__main__":
    action, endpoint, table = sys.argv[1:4]
    ACTIONS[action](endpoint, table)
