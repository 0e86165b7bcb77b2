"""lkdata.jobs.imports: jsonschema's IRI grammar is compiled when first used, not when nbformat is imported,
and the check it makes is the same."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("rfc3987_syntax")

#: IRIs and IRI references, valid and not: non-ASCII paths and hosts, fragments, spaces, bad schemes, empty.
IRIS = [
    "http://example.com/ü",
    "https://xã.vn/báo-cáo?kỳ=2026-H1#mục-3",
    "urn:isbn:0451450523",
    "mailto:ubnd@longkhanh.gov.vn",
    "not an iri",
    "http://[::1]:80/",
    "http://a b/",
    "//host/only",
    "relative/path",
    "",
    ":no-scheme",
    "file:///C:/Dữ liệu/tệp.xlsx",
]

_CHECK = """
import json, sys
{setup}
import nbformat, jsonschema
before = "lark" in sys.modules
fc = jsonschema.Draft202012Validator.FORMAT_CHECKER
iris = json.loads(sys.argv[1])
print(json.dumps({{"lark_at_import": before, "iri": [fc.conforms(s, "iri") for s in iris],
                  "iri_reference": [fc.conforms(s, "iri-reference") for s in iris]}}))
"""


def _run(setup: str) -> dict:
    code = _CHECK.format(setup=setup)
    out = subprocess.run([sys.executable, "-c", code, json.dumps(IRIS)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_the_grammar_waits_for_its_first_use_and_checks_the_same():
    deferred = _run("import lkdata.jobs")
    plain = _run("")
    assert plain["lark_at_import"]  # without lkdata.jobs, importing nbformat compiles the grammars
    assert not deferred["lark_at_import"]
    assert deferred["iri"] == plain["iri"] and deferred["iri_reference"] == plain["iri_reference"]
    assert True in plain["iri"] and False in plain["iri"]  # the class has both answers


def test_the_module_itself_is_there_when_asked_for():
    code = (
        "import sys, lkdata.jobs\n"
        "import rfc3987_syntax\n"
        "assert type(rfc3987_syntax).__name__ == '_Deferred'\n"
        "assert 'lark' not in sys.modules\n"
        "rule = rfc3987_syntax.is_valid_syntax\n"  # a name of it: the real module, from now on
        "from rfc3987_syntax import is_valid_syntax_iri\n"
        "assert type(sys.modules['rfc3987_syntax']).__name__ == 'module'\n"
        "print(is_valid_syntax_iri('http://example.com/ü'), rule('iri', 'not an iri'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
