"""Data files are data: hostile and malformed YAML gets a clear error, nothing runs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sim.data import datafile
from sim.data.datafile import MAX_FILE_BYTES, load_mapping
from sim.base.errors import UserError

CASES = {
    "empty file": (b"", "an empty file"),
    "only a comment": (b"# nothing\n", "an empty file"),
    "a list at the top": (b"- 1\n- 2\n", "a YAML mapping at the top level"),
    "syntax error": (b"title: [unclosed\n", "valid YAML"),
    "duplicate key": (b"title: a\ntitle: b\n", "duplicate key 'title'"),
    "python object tag": (b"x: !!python/object/apply:os.system ['true']\n", "valid YAML"),
    "instantiation key": (b"x:\n  _target_: os.system\n", "x._target_"),
    "interpolation": (b"x: ${oc.env:HOME}\n", "interpolations"),
    "binary junk": (b"\x00\x01\x02\xff", "binary"),
    "not UTF-8": ("title: caf\u00e9\n".encode("latin-1"), "UTF-8"),
    "non-text key": (b"1: one\n", "text keys"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_or_malformed_file(tmp_path, case):
    content, expected = CASES[case]
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        load_mapping(path)
    assert expected in caught.value.message()
    assert str(path) in caught.value.message()


def test_huge_file(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"x: " + b"a" * (MAX_FILE_BYTES + 1))
    with pytest.raises(UserError, match="at most"):
        load_mapping(path)


def test_deep_nesting(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("x: " + "[" * 60 + "]" * 60 + "\n")
    with pytest.raises(UserError, match="nesting"):
        load_mapping(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        load_mapping(tmp_path / "absent.yaml")
    with pytest.raises(UserError, match="a directory"):
        load_mapping(tmp_path)


def test_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("a: 1\nb: 2\nc: [\n")
    with pytest.raises(UserError, match=r"bad.yaml:\d+"):
        load_mapping(path)


# -- libyaml reads clean files; everything else goes to the pure-Python loader -------------

ROOT = Path(__file__).resolve().parents[1]
DATA_FILES = sorted(p for folder in ("scenarios", "conf", "sim") for p in (ROOT / folder).rglob("*.yaml"))


def _python_load(text: str):
    return yaml.load(text, Loader=datafile._StrictSafeLoader)  # noqa: S506 - a SafeLoader


@pytest.mark.skipif(datafile._FastStrictLoader is None, reason="PyYAML was built without libyaml")
def test_libyaml_reads_every_data_file_as_the_python_loader_does():
    assert len(DATA_FILES) > 40
    for path in DATA_FILES:
        text = path.read_text(encoding="utf-8")
        clean, data = datafile._fast_load(text)
        assert clean, path
        assert repr(data) == repr(_python_load(text)), path  # same values, types and key order


@pytest.mark.skipif(datafile._FastStrictLoader is None, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # an alias
        "a: &x {b: 1}\nc:\n  <<: *x\n",  # a merge key
        "a: 1\na: 2\n",  # a duplicate key
        "a: [unclosed\n",  # malformed
        "a: b\u0085c\x07\n",  # a character the Python reader refuses
        "? [1, 2]\n: x\n",  # a complex key
        "n: " + "9" * 40 + "\n",  # an integer beyond MAX_INT_DIGITS
    ],
)
def test_what_libyaml_does_not_read_cleanly_goes_to_the_python_loader(text):
    assert datafile._fast_load(text) == (False, None)


@pytest.mark.skipif(datafile._FastStrictLoader is None, reason="PyYAML was built without libyaml")
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False) | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=4),
        max_leaves=12,
    ),
    st.sampled_from([False, True]),
)
def test_libyaml_and_python_loaders_agree(value, flow):
    text = yaml.safe_dump({"value": value}, default_flow_style=flow, allow_unicode=True)
    clean, data = datafile._fast_load(text)
    try:
        expected = _python_load(text)
    except yaml.YAMLError:
        assert not clean  # what the Python loader refuses, libyaml never accepts
        return
    if clean:
        assert repr(data) == repr(expected)
