"""``reports/index.html`` is rebuilt from the manifests on disk: one that is not lkdata's (another program's
``manifest.json``, a file cut short, hand-edited) is left out and said, never a traceback, never a link
out of the reports folder."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from lkdata.jobs.index import collect, usable, write_index

GOOD = {
    "created": "2026-05-06T08:00:00+07:00",
    "kind": "report",
    "title": "Báo cáo kết quả thực hiện kế hoạch 6 tháng đầu năm 2026",
    "khu_pho": None,
    "period": {"key": "2026-H1", "label": "6 tháng đầu năm 2026", "cutoff": "2026-05-05"},
    "sample": False,
    "outputs": [{"file": "bao_cao_2026-H1.html"}, {"file": "bao_cao_2026-H1.pdf"}],
}

FOREIGN = [
    '["not", "a", "manifest"]',
    '{"name": "my-web-app", "version": "1.0.0", "start_url": "/"}',  # a web app's manifest.json
    '{"period": "2026-H1", "outputs": []}',
    '{"period": {"key": "2026-H1", "label": "x", "cutoff": "05/5/2026"}, "outputs": []}',
    '{"period": {"key": "2026-H1", "label": "x"}, "outputs": [{"file": "../../../etc/passwd.html"}]}',
    '{"period": {"key": "2026-H1", "label": "x"}, "outputs": [{"file": "javascript:alert(1).html"}]}',
    '{"period": {"key": "2026-H1", "label": "x"}, "outputs": "bao_cao.html"}',
    '{"period": {"key": 2026, "label": "x"}, "outputs": []}',
    '{"period": {"key": "2026-H1", "label": "x"}, "outputs": [], "created": 5}',
    '{"period": {"key": "2026-H1", "label": "x"}, "outputs": [{"file": 1}]}',
    '{"period": {"key": "2026-H1", "la',  # cut short
    "\x00\x01garbage",
    "",
]


@pytest.mark.parametrize("text", FOREIGN)
def test_a_foreign_or_garbled_manifest_is_left_out_and_said(tmp_path: Path, caplog, text: str):
    (tmp_path / "2026-H1").mkdir()
    (tmp_path / "2026-H1" / "manifest.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (tmp_path / "khac").mkdir()
    (tmp_path / "khac" / "manifest.json").write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="lkdata"):
        page = write_index(tmp_path).read_text(encoding="utf-8")
    assert [m["_folder"] for m in collect(tmp_path)] == ["2026-H1"]
    assert 'href="2026-H1/bao_cao_2026-H1.pdf"' in page and "khac/" not in page
    assert f"Bỏ qua {tmp_path / 'khac' / 'manifest.json'}" in caplog.text


def test_lkdata_s_own_manifest_is_usable():
    assert usable(GOOD) and usable({**GOOD, "kind": "brief", "khu_pho": "Khu phố 5"})


@pytest.mark.parametrize("text", FOREIGN)
def test_a_foreign_manifest_where_a_report_goes_means_the_report_is_made_again(tmp_path: Path, text: str):
    from lkdata.jobs.reports import up_to_date

    class Job:  # what up_to_date reads of a job
        manifest = tmp_path / "manifest.json"

    Job.manifest.write_text(text, encoding="utf-8")
    assert up_to_date(Job()) is False
