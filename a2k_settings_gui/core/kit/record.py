"""`@record`: value classes (fields, defaults, equality, repr, frozen) without `dataclasses`.

The command line starts a fresh interpreter for every check, and there `dataclasses` is
expensive: importing it loads `inspect` (with `ast`, `dis` and `tokenize`), ~9 ms, and
every `@dataclass` compiles its generated methods from source text with exec(), ~0.3 ms a
class. The classes test-send goes through (settings, findings, results, transcript, ERP
profile, proxy, store) use this decorator instead: the methods are shared functions that
read the field list the decorator keeps, so defining a class compiles nothing.

It supports what those classes use, with the dataclass rules: fields are the annotated
class attributes in order (base classes' first), a default makes a field optional (no
field without one may follow it), `field(default_factory=..., compare=...)`, `frozen`,
`__post_init__`, `replace()`. The generated `__init__` takes the fields positionally or
by name, and fails as a dataclass's does (TypeError) on a missing or unknown argument.
"""

from __future__ import annotations

# typing.TYPE_CHECKING without importing typing at run time (the same saving).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:
    def dataclass_transform(**_options: object) -> Callable[[T], T]:
        return lambda decorated: decorated


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record (as dataclasses.FrozenInstanceError)."""


class Field:
    """A field's options beyond its default, as `field()` gives them."""

    __slots__ = ("default_factory", "compare")

    def __init__(self, default_factory: Callable[[], object], compare: bool) -> None:
        self.default_factory = default_factory
        self.compare = compare


def field(*, default_factory: Callable[[], Any], compare: bool = True) -> Any:
    """A field whose default is made fresh per instance (a list, a dict); `compare=False`
    leaves it out of equality and the hash."""
    return Field(default_factory, compare)


_MISSING = object()


class _Spec:
    """What the shared methods need to know about one record class."""

    __slots__ = ("name", "fields", "known", "defaults", "factories", "compared", "post_init")

    def __init__(self, cls: type, fields: list[str], defaults: dict[str, object],
                 factories: dict[str, Callable[[], object]], compared: list[str]) -> None:
        self.name = cls.__qualname__
        self.fields = tuple(fields)
        self.known = frozenset(fields)
        self.defaults = defaults
        self.factories = factories
        self.compared = tuple(compared)
        self.post_init = hasattr(cls, "__post_init__")


def _is_class_variable(annotation: object) -> bool:
    return isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar"))


def _spec_of(cls: type) -> _Spec:
    fields: list[str] = []
    defaults: dict[str, object] = {}
    factories: dict[str, Callable[[], object]] = {}
    compared: list[str] = []
    for base in reversed(cls.__mro__[1:]):
        spec = base.__dict__.get("__record__")
        if spec is not None:
            fields += [n for n in spec.fields if n not in fields]
            defaults.update(spec.defaults)
            factories.update(spec.factories)
            compared += [n for n in spec.compared if n not in compared]
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_class_variable(annotation):
            continue
        value = cls.__dict__.get(name, _MISSING)
        if name not in fields:
            fields.append(name)
        if isinstance(value, Field):
            factories[name] = value.default_factory
            delattr(cls, name)  # as a dataclass: no class attribute for a factory field
            if value.compare and name not in compared:
                compared.append(name)
            continue
        if value is not _MISSING:
            defaults[name] = value
        elif name in defaults or name in factories:
            defaults.pop(name, None)
            factories.pop(name, None)
        if name not in compared:
            compared.append(name)
    optional = False
    for name in fields:
        has_default = name in defaults or name in factories
        if optional and not has_default:
            raise TypeError(f"non-default argument {name!r} follows default argument")
        optional = optional or has_default
    return _Spec(cls, fields, defaults, factories, compared)


def _init(self: object, *args: object, **kwargs: object) -> None:
    spec: _Spec = type(self).__record__  # type: ignore[attr-defined]
    fields = spec.fields
    if len(args) > len(fields):
        raise TypeError(f"{spec.name}.__init__() takes {len(fields) + 1} positional "
                        f"arguments but {len(args) + 1} were given")
    values = dict(zip(fields, args, strict=False))
    for name, value in kwargs.items():
        if name not in spec.known:
            raise TypeError(f"{spec.name}.__init__() got an unexpected keyword argument "
                            f"{name!r}")
        if name in values:
            raise TypeError(f"{spec.name}.__init__() got multiple values for argument "
                            f"{name!r}")
        values[name] = value
    state = self.__dict__
    missing = []
    for name in fields:
        if name in values:
            state[name] = values[name]
        elif name in spec.defaults:
            state[name] = spec.defaults[name]
        elif name in spec.factories:
            state[name] = spec.factories[name]()
        else:
            missing.append(name)
    if missing:
        raise TypeError(f"{spec.name}.__init__() missing required argument(s): "
                        f"{', '.join(map(repr, missing))}")
    if spec.post_init:
        self.__post_init__()  # type: ignore[attr-defined]


def _repr(self: object) -> str:
    spec: _Spec = type(self).__record__  # type: ignore[attr-defined]
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in spec.fields)
    return f"{spec.name}({inner})"


def _key(self: object) -> tuple[object, ...]:
    return tuple(getattr(self, name) for name in type(self).__record__.compared)  # type: ignore[attr-defined]


def _eq(self: object, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _key(self) == _key(other)


def _hash(self: object) -> int:
    return hash(_key(self))


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """Make `cls` a value class; `@record` or `@record(frozen=True)`."""

    def wrap(cls: type[T]) -> type[T]:
        cls.__record__ = _spec_of(cls)  # type: ignore[attr-defined]
        own = cls.__dict__
        if "__init__" not in own:
            cls.__init__ = _init  # type: ignore[misc]
        if "__repr__" not in own:
            cls.__repr__ = _repr  # type: ignore[assignment]
        if "__eq__" not in own:
            cls.__eq__ = _eq  # type: ignore[assignment]
            if "__hash__" not in own:
                # As a dataclass: frozen values hash by their fields, mutable ones not at all.
                cls.__hash__ = _hash if frozen else None  # type: ignore[assignment]
        if frozen:
            cls.__setattr__ = _frozen_setattr  # type: ignore[assignment]
            cls.__delattr__ = _frozen_delattr  # type: ignore[assignment]
        return cls

    return wrap if cls is None else wrap(cls)


def replace(obj: T, **changes: Any) -> T:
    """A copy of the record `obj` with `changes` (as dataclasses.replace)."""
    spec: _Spec = type(obj).__record__  # type: ignore[attr-defined]
    values = {name: getattr(obj, name) for name in spec.fields}
    unknown = set(changes) - spec.known
    if unknown:
        raise TypeError(f"{spec.name} has no field(s) {', '.join(sorted(unknown))}")
    values.update(changes)
    return type(obj)(**values)
