"""The entry cache's JSON form of what reading one file gives: FileResult, Entry, Draft,
Problem, Picture.

Why JSON and not pickle: the cache lies in the project folder, which people copy,
zip and share; unpickling a planted file would run its code. JSON can only give
back data, and this codec gives back only the dataclasses registered below, each
value checked against its field's declared type.

It cannot silently drop a field: a dataclass is written as the values of *all* its
fields (`dataclasses.fields`), in order, and read back only when exactly that many
values of the declared types are there. The names and types of every registered
class's fields are part of the cache key (`shape`), so a class that gains, loses or
retypes a field starts a new cache. A field of a type the codec has no rule for
turns the cache off (`Unencodable` from `shape`), rather than store it wrongly.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from trivselreport.errors import Problem
from trivselreport.reading.cache.result import FileResult
from trivselreport.reading.drafts import Draft
from trivselreport.reading.entry import Entry
from trivselreport.reading.pictures.field import Picture

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


class Unencodable(ValueError):
    """A value (or a declared type) the cache cannot write and read back exactly."""


class Undecodable(ValueError):
    """Cache data that is not what this codec writes: the record is rebuilt."""


@functools.cache
def classes() -> dict[str, type[Any]]:
    """The dataclasses the cache holds, by name."""
    return {cls.__name__: cls for cls in (FileResult, Problem, Entry, Draft, Picture)}


def shape() -> str:
    """Every registered class's fields, in order, with their declared types; raises
    Unencodable when one of them has a type (or form) the codec cannot keep."""
    for cls in classes().values():
        _rules(cls)
    return ";".join(
        f"{name}(" + ",".join(f"{f.name}:{f.type}" for f in dataclasses.fields(cls)) + ")"
        for name, cls in sorted(classes().items())
    )


def encode(value: object) -> Any:
    """A registered dataclass as JSON data; Unencodable when a value does not fit its type."""
    try:
        return _rules(type(value))[0](value)
    except KeyError:
        raise Unencodable(f"cannot cache a {type(value).__qualname__}") from None


def decode(data: Any, cls: type[Any]) -> Any:
    """What `encode` made of an instance of `cls`; Undecodable for anything else."""
    try:
        return _rules(cls)[1](data)
    except (TypeError, ValueError, KeyError, IndexError) as error:
        raise Undecodable(str(error)) from error


def _rules(cls: type[Any]) -> tuple[Encoder, Decoder]:
    if classes().get(cls.__name__) is not cls:
        raise KeyError(cls.__name__)
    return _named_rules(cls.__name__)


@functools.cache
def _named_rules(name: str) -> tuple[Encoder, Decoder]:
    cls = classes()[name]
    fields = dataclasses.fields(cls)
    if any(not f.init or f.kw_only for f in fields):
        raise Unencodable(f"{cls.__name__} has fields its constructor does not take in order")
    hints = typing.get_type_hints(cls, localns=classes())
    # Filled in after this entry is cached, so that classes may refer to each other.
    encoders: list[Encoder] = []
    decoders: list[Decoder] = []
    names = [f.name for f in fields]
    count = len(names)

    def encode_instance(value: Any) -> Any:
        if type(value) is not cls:
            raise Unencodable(f"not a {cls.__name__}: {type(value).__qualname__}")
        return [rule(getattr(value, name)) for rule, name in zip(encoders, names, strict=True)]

    def decode_instance(data: Any) -> Any:
        if type(data) is not list or len(data) != count:
            raise ValueError(f"not a {cls.__name__}")
        return cls(*[rule(item) for rule, item in zip(decoders, data, strict=True)])

    for name in names:
        encoder, decoder = _rule(hints[name])
        encoders.append(encoder)
        decoders.append(decoder)
    return encode_instance, decode_instance


def _rule(kind: Any) -> tuple[Encoder, Decoder]:
    """How a value of the declared type `kind` is written and read back."""
    if kind in _EXACT:
        return _EXACT[kind], _EXACT[kind]
    if kind is Path:
        return _path_encoder, _path_decoder
    if kind is date:
        return _date_encoder, _date_decoder
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Literal and all(type(option) is str for option in arguments):
        return _choice(arguments), _choice(arguments)
    if (
        origin in (typing.Union, types.UnionType)
        and len(arguments) == 2
        and type(None) in arguments
    ):
        other = _rule(next(argument for argument in arguments if argument is not type(None)))
        return _optional(other[0]), _optional(other[1])
    if origin in (tuple, list):
        return _sequence(origin, arguments)
    name = getattr(kind, "__name__", "")
    if classes().get(name) is kind:
        return _later(name, 0), _later(name, 1)
    raise Unencodable(f"no rule for the type {kind!r}")


def _exact(kind: type[Any]) -> Encoder:
    def same(value: Any) -> Any:
        if type(value) is not kind:
            raise Unencodable(f"not {kind.__name__}: {value!r}")
        return value

    return same


# Values JSON keeps as they are; a sequence of them is checked in one pass.
_EXACT: dict[Any, Encoder] = {kind: _exact(kind) for kind in (str, int, bool, type(None))}
_KIND_OF = {rule: kind for kind, rule in _EXACT.items()}
# The rules of plain pairs: (the type they take, the kinds of both items, what they make).
_PLAIN_PAIRS: dict[Encoder, tuple[type[Any], Any, Any, type[Any]]] = {}


def _path_encoder(value: Any) -> str:
    if not isinstance(value, Path):
        raise Unencodable(f"not a path: {value!r}")
    return str(value)


# The paths the run at hand already has (the entry files it looks up): a cached path
# that is one of them is that very object, not a new one parsed from its text.
known_paths: dict[str, Path] = {}


def _path_decoder(data: Any) -> Path:
    if type(data) is not str:
        raise ValueError("not a path")
    return known_paths.get(data) or Path(data)


def _date_encoder(value: Any) -> str:
    if type(value) is not date:
        raise Unencodable(f"not a date: {value!r}")
    return value.isoformat()


def _date_decoder(data: Any) -> date:
    if type(data) is not str:
        raise ValueError("not a date")
    return date.fromisoformat(data)


def _choice(options: tuple[str, ...]) -> Encoder:
    def one_of(value: Any) -> Any:
        if type(value) is not str or value not in options:
            raise ValueError(f"not one of {options}: {value!r}")
        return value

    return one_of


def _optional(rule: Encoder) -> Encoder:
    def maybe(value: Any) -> Any:
        return None if value is None else rule(value)

    return maybe


def _sequence(origin: type[Any], arguments: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        item = _rule(arguments[0])
        return _each(tuple, item[0], list), _each(list, item[1], tuple)
    if origin is list and len(arguments) == 1:
        item = _rule(arguments[0])
        return _each(list, item[0], list), _each(list, item[1], list)
    if origin is tuple and arguments and Ellipsis not in arguments:
        rules = [_rule(argument) for argument in arguments]
        return _fixed(tuple, [r[0] for r in rules], list), _fixed(
            list, [r[1] for r in rules], tuple
        )
    raise Unencodable(f"no rule for {origin.__name__}{list(arguments)}")


def _each(given: type[Any], rule: Encoder, made: type[Any]) -> Encoder:
    pair = _PLAIN_PAIRS.get(rule)
    if pair is not None:  # such as key_lines: (name, line) pairs, checked in one pass
        inner, first, second, inner_made = pair

        def every_pair(value: Any) -> Any:
            if type(value) is not given or not all(
                type(item) is inner
                and len(item) == 2
                and type(item[0]) is first
                and type(item[1]) is second
                for item in value
            ):
                raise ValueError(f"not a {given.__name__} of pairs")
            return made([inner_made(item) for item in value])

        return every_pair
    kind = _KIND_OF.get(rule)
    if kind is not None:

        def every_plain(value: Any) -> Any:
            if type(value) is not given or not all(type(item) is kind for item in value):
                raise ValueError(f"not a {given.__name__} of {kind.__name__}")
            return made(value)

        return every_plain

    def every(value: Any) -> Any:
        if type(value) is not given:
            raise ValueError(f"not a {given.__name__}")
        return made([rule(item) for item in value])

    return every


def _fixed(given: type[Any], rules: list[Encoder], made: type[Any]) -> Encoder:
    kinds = [_KIND_OF.get(rule) for rule in rules]
    if None not in kinds:

        def each_plain(value: Any) -> Any:
            if (
                type(value) is not given
                or len(value) != len(kinds)
                or not all(type(item) is kind for item, kind in zip(value, kinds, strict=True))
            ):
                raise ValueError(f"not a {given.__name__} of {len(kinds)}")
            return made(value)

        if len(kinds) == 2:
            _PLAIN_PAIRS[each_plain] = (given, kinds[0], kinds[1], made)
        return each_plain

    def each(value: Any) -> Any:
        if type(value) is not given or len(value) != len(rules):
            raise ValueError(f"not a {given.__name__} of {len(rules)}")
        return made([rule(item) for rule, item in zip(rules, value, strict=True)])

    return each


def _later(name: str, which: int) -> Encoder:
    """The rule of a registered class, looked up when first used (classes may nest)."""

    def nested(value: Any) -> Any:
        return _named_rules(name)[which](value)

    return nested
