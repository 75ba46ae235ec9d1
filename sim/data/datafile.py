"""Reading YAML data files safely: plain data only, one clear error per problem.

Scenario files (and preset files read outside Hydra) are data written by hand. This
module reads them with a ``yaml.SafeLoader`` that also rejects duplicate keys, and then
refuses anything that would make the file more than data: object-constructing tags
(``safe_load`` already refuses them), Hydra instantiation keys such as ``_target_``,
and OmegaConf interpolations or resolvers (``${...}``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from sim.base.errors import UserError
from sim.base.escaping import CONTROL
from sim.base.reading import read_bytes

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 12
INSTANTIATION_KEYS = frozenset({"_target_", "_partial_", "_recursive_", "_convert_", "_args_"})


#: Numbers as YAML 1.2 reads them: decimal integers and floats (``1e3`` is 1000.0), no
#: sexagesimal (``1:30``), hexadecimal (``0x1c``), octal (``010`` is 10) or ``1_000``.
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(
    r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"
    r"|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$"
)
#: A longer integer is no plausible input (and Python refuses to convert huge ones).
MAX_INT_DIGITS = 30
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _yaml12_resolvers() -> dict:
    resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag not in _NUMBER_TAGS]
        for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    for first in "-+0123456789.":
        entries = resolvers.setdefault(first, [])
        entries[:0] = [("tag:yaml.org,2002:int", _INT), ("tag:yaml.org,2002:float", _FLOAT)]
    return resolvers


class _StrictConstructor(yaml.constructor.SafeConstructor):
    """SafeConstructor for data files: no duplicate or complex keys, bounded integers."""

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a complex key (a list or mapping as a key): keys must be text", key_node.start_mark
                )
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        text = self.construct_scalar(node)
        digits = text.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"an integer of {len(digits)} digits (at most {MAX_INT_DIGITS})", node.start_mark
            )
        return int(text)


_StrictConstructor.add_constructor("tag:yaml.org,2002:int", _StrictConstructor.construct_yaml_int)


class _StrictSafeLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _StrictConstructor,
    yaml.resolver.Resolver,
):
    """SafeLoader for data files: YAML 1.2 numbers, no aliases, no duplicate or complex keys.

    Aliases (``*name``) are refused as they are met, before anything is built: a few
    hundred bytes of nested aliases ("billion laughs") would otherwise expand to 10^9
    nodes. Hand-written data files have no need of them.
    """

    yaml_implicit_resolvers = _yaml12_resolvers()

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _StrictConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"an alias (*{event.anchor}): data files may not use YAML aliases; write the value out",
                event.start_mark,
            )
        return super().compose_node(parent, index)


if getattr(yaml, "__with_libyaml__", False):

    class _FastStrictLoader(yaml.cyaml.CParser, _StrictConstructor, yaml.resolver.Resolver):
        """The same loader on libyaml's parser: a file it reads cleanly, without aliases,
        gives the same data ten times faster; anything else goes to :class:`_StrictSafeLoader`."""

        yaml_implicit_resolvers = _StrictSafeLoader.yaml_implicit_resolvers

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            _StrictConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml
    _FastStrictLoader = None  # type: ignore[assignment,misc]


def _fast_load(text: str) -> tuple[bool, Any]:
    """``(True, data)`` when libyaml reads ``text`` cleanly and without aliases, else
    ``(False, None)``: the pure-Python loader then reads it and words any error."""
    if _FastStrictLoader is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return False, None
    loader = _FastStrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return True, None
        if _shares_a_node(node):  # an alias: libyaml composes it as the anchored node again
            return False, None
        return True, loader.construct_document(node)
    except (yaml.YAMLError, RecursionError):
        return False, None
    finally:
        loader.dispose()


def _shares_a_node(root) -> bool:
    """Whether a node graph reaches one node twice (an alias), without recursion."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def read_text(path: Path) -> str:
    """The file's text, refusing missing, special, huge, binary and non-UTF-8 files.

    At most :data:`MAX_FILE_BYTES` + 1 bytes are read (:func:`sim.base.reading.read_bytes`),
    so a FIFO, ``/dev/zero`` or a huge file costs nothing.
    """
    data = read_bytes(path, MAX_FILE_BYTES, "a file")
    if b"\x00" in data:
        raise UserError(path, None, "YAML text", "<binary data (NUL bytes)>")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(path, None, "UTF-8 text", f"<a byte that is not UTF-8 at offset {error.start}>") from None


def load_mapping(path: Path, text: str | None = None) -> dict:
    """Parse ``path`` as a YAML mapping of plain data, checked by :func:`check_plain_data`.

    ``text``, when given, is the file's text as :func:`read_text` returned it (a caller that
    keys a memo on the bytes it read parses those same bytes); messages still name ``path``.
    """
    path = Path(path)
    data = load_data(path, text)
    if data is None:
        raise UserError(path, None, "a YAML mapping", "<an empty file>")
    if not isinstance(data, dict):
        raise UserError(path, None, "a YAML mapping at the top level", f"<{type(data).__name__}>")
    check_plain_data(data, path)
    return data


def load_data(path: Path, text: str | None = None):
    """Parse ``path`` (or its ``text`` already read) as YAML with the data-file loader
    (None for an empty file)."""
    text = read_text(path) if text is None else text
    clean, data = _fast_load(text)
    if clean:
        return data
    try:
        data = yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = error.problem or "malformed YAML"
        raise UserError(where, None, "valid YAML data", f"<{problem}>") from None
    except yaml.YAMLError as error:
        raise UserError(path, None, "valid YAML data", f"<{error}>") from None
    except RecursionError:
        raise UserError(path, None, f"nesting at most {MAX_DEPTH} levels deep", "<deeper nesting>") from None
    return data


def check_plain_data(data: Any, path: Path | str, where: str = "", depth: int = 0) -> None:
    """Refuse instantiation keys, interpolations, non-string keys and deep nesting."""
    if depth > MAX_DEPTH:
        raise UserError(path, where or None, f"nesting at most {MAX_DEPTH} levels deep", "<deeper nesting>")
    if isinstance(data, dict):
        for key, value in data.items():
            field = f"{where}.{key}" if where else str(key)
            if not isinstance(key, str):
                raise UserError(path, field, "text keys", key)
            if _SURROGATE.search(key):
                raise UserError(path, where or None, "text keys that are valid Unicode", "<a lone surrogate>")
            if key in INSTANTIATION_KEYS:
                raise UserError(path, field, "plain data (scenario files cannot instantiate objects)", key)
            check_plain_data(value, path, field, depth + 1)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_plain_data(value, path, f"{where}[{index}]", depth + 1)
    elif isinstance(data, str) and "${" in data:
        raise UserError(path, where or None, "plain text (interpolations and resolvers are not allowed)", data)
    elif isinstance(data, str) and _SURROGATE.search(data):
        raise UserError(
            path, where or None, "text that is valid Unicode", "<a lone surrogate (an escape such as \\ud800)>"
        )
    elif isinstance(data, str) and CONTROL.search(data):
        raise UserError(path, where or None, "text without control characters (a terminal would act on them)", data)
