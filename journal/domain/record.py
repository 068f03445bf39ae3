"""Frozen value classes for the domain models, without the ``dataclasses`` module.

Why not ``dataclasses``: importing it pulls in ``inspect``, ``ast``, ``dis`` and ``tokenize``,
and building each class runs a good deal of Python: together a large share of every ``journal
log`` and ``journal status --short`` (bench/README.md), commands meant to answer at a prompt.
This module does the small part the models use, the same way ``dataclasses`` does it (a
generated ``__init__``), and nothing more:

* fields come from the class annotations, in order, with the class attribute as default;
* ``__init__`` sets every field and then calls ``__post_init__`` (which validates);
* instances are frozen (assignment raises :class:`FrozenError`, an ``AttributeError``);
* ``__eq__`` compares the fields of two instances of the same class, ``__hash__`` hashes them,
  ``__repr__`` shows them;
* ``slots=True`` gives the instances ``__slots__`` instead of a ``__dict__``: several hundred
  bytes less for each of the thousands of day entries a long journal holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import attrgetter

TYPE_CHECKING = False  # not typing's: the quick commands do not import typing (bench/README.md)

if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:
    def dataclass_transform(**_options: object) -> Callable[[T], T]:
        """Stand-in at run time: the marker only tells type checkers how records behave."""
        return lambda decorator: decorator

#: Class attribute holding the field names of a record class, in order.
FIELDS_ATTR = "__record_fields__"


class FrozenError(AttributeError):
    """An attempt to change a field of a frozen record."""


def _frozen_setattr(self: object, name: str, value: Any) -> None:
    raise FrozenError(f"cannot assign to field {name!r}: {type(self).__name__} is frozen")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenError(f"cannot delete field {name!r}: {type(self).__name__} is frozen")


@dataclass_transform(frozen_default=True)
def record(*, slots: bool = False) -> Callable[[type[T]], type[T]]:
    """Class decorator: make ``cls`` a frozen record of its annotated fields."""
    def wrap(cls: type[T]) -> type[T]:
        return _build(cls, slots)
    return wrap


def fields(cls_or_obj: Any) -> tuple[str, ...]:
    """The field names of a record class (or instance), in declaration order."""
    return getattr(cls_or_obj, FIELDS_ATTR)


def values(obj: Any) -> dict[str, Any]:
    """The fields of a record as a dict (name to value), in declaration order."""
    return {name: getattr(obj, name) for name in fields(obj)}


def replace(obj: T, **changes: Any) -> T:
    """A copy of ``obj`` with ``changes``, built (and so validated) like a new one."""
    current = values(obj)
    current.update(changes)
    return type(obj)(**current)


def _build(cls: type[T], slots: bool) -> type[T]:
    # The class's own annotations (``inspect.get_annotations`` would mean importing inspect).
    names = tuple(cls.__dict__.get("__annotations__", {}))  # noqa: RUF063
    defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
    seen_default = False
    for name in names:
        if name in defaults:
            seen_default = True
        elif seen_default:
            raise TypeError(f"{cls.__name__}: field {name!r} without a default follows one "
                            "with a default")
    if slots:
        namespace = {key: value for key, value in cls.__dict__.items()
                     if key not in names and key not in ("__dict__", "__weakref__")}
        namespace["__slots__"] = names
        metaclass: Any = type(cls)  # the class's own metaclass builds the slotted copy
        cls = metaclass(cls.__name__, cls.__bases__, namespace)

    get = attrgetter(*names)
    post_init = "__post_init__" in cls.__dict__

    def __eq__(self: Any, other: Any) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(get(self) == get(other))

    def __hash__(self: Any) -> int:
        return hash(get(self))

    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self: Any) -> tuple[Any, ...]:
        return (type(self), get(self))

    methods = {
        "__init__": _make_init(cls, names, defaults, post_init),
        "__eq__": __eq__, "__hash__": __hash__, "__repr__": __repr__,
        "__reduce__": __reduce__,
        "__setattr__": _frozen_setattr, "__delattr__": _frozen_delattr,
    }
    for key, method in methods.items():
        if key not in cls.__dict__ or key in ("__setattr__", "__delattr__"):
            method.__qualname__ = f"{cls.__qualname__}.{key}"
            setattr(cls, key, method)
    setattr(cls, FIELDS_ATTR, names)
    setattr(cls, "__match_args__", names)  # noqa: B010 (not declared on the class)
    return cls


def trusted_reader(cls: type[T], keys: Mapping[str, str] | None = None,
                   convert: Mapping[str, Callable[[Any], Any]] | None = None,
                   ) -> Callable[[Mapping[str, Any]], T]:
    """A function ``read(doc)`` that makes an instance of ``cls`` from a stored document
    without validating.

    Only for documents already known to be clean, such as stored days that passed the
    codec's quick test (which accepts exactly what validation would leave unchanged):
    rebuilding thousands of them through ``__post_init__`` is most of opening a long journal.
    Every field of ``cls`` is read, by name, from the key ``keys`` gives (the field's own
    name otherwise), through ``convert``'s function where there is one. The code is
    generated from the class's own field list, so it never has to be kept in step with it.
    """
    keys, convert = keys or {}, convert or {}
    unknown = (set(keys) | set(convert)) - set(fields(cls))
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {sorted(unknown)[0]!r}")
    body = []
    for name in fields(cls):
        value = f"doc.get({keys.get(name, name)!r})"
        if name in convert:
            value = f"_convert_{name}({value})"
        body.append(f"    _set(self, {name!r}, {value})")
    source = "def read(doc):\n    self = _new(_cls)\n" + "\n".join(body) + "\n    return self"
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_new": object.__new__,
                                 "_cls": cls}
    namespace.update({f"_convert_{name}": fn for name, fn in convert.items()})
    exec(compile(source, f"<trusted {cls.__qualname__}>", "exec"), namespace)
    read: Callable[[Mapping[str, Any]], T] = namespace["read"]
    return read


def _make_init(cls: type, names: tuple[str, ...], defaults: dict[str, Any],
               post_init: bool) -> Callable[..., None]:
    """Generate ``__init__(self, a, b=<default>, ...)`` that sets each field directly.

    Generated source rather than ``*args`` handling, as ``dataclasses`` does, so building an
    object costs one plain call and the signature (``help()``, errors naming a missing or
    unexpected argument) reads like a hand-written one.
    """
    params = [f"{name}=_default_{name}" if name in defaults else name for name in names]
    body = [f"    _set(self, {name!r}, {name})" for name in names]
    if post_init:
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    namespace: dict[str, Any] = {"_set": object.__setattr__}
    namespace.update({f"_default_{name}": value for name, value in defaults.items()})
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)
    init: Callable[..., None] = namespace["__init__"]
    return init
