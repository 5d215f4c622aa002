"""The handbook and the information sheet as PDF: from the page's own template, with the
Chinese set in an embedded CJK font, checked by turning page 1 into a PNG with ``pdftoppm``.

The poppler tools are skipped with a reason when missing locally, unless ``CI`` is set
(``.ci/run`` installs poppler-utils): then they fail.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from ledger.cli import main
from tests.pages.county import County


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {name} is missing: .ci/run installs poppler-utils")
    pytest.skip(f"{name} is missing (apt-get install poppler-utils)")


def first_page_png(pdf: Path) -> Image.Image:
    """Page 1 at 50 dpi, through pdftoppm."""
    png = subprocess.run([_tool("pdftoppm"), "-r", "50", "-f", "1", "-l", "1", "-png",
                          str(pdf)], check=True, capture_output=True).stdout
    return Image.open(io.BytesIO(png)).convert("L")


def text_of(pdf: Path) -> str:
    """The PDF's text, through pdftotext."""
    return subprocess.run([_tool("pdftotext"), str(pdf), "-"], check=True,
                          capture_output=True).stdout.decode()


def ink(image: Image.Image) -> float:
    """The share of pixels that are not paper-white."""
    histogram = image.histogram()
    return 1 - sum(histogram[240:]) / sum(histogram)


@pytest.fixture(scope="module")
def handbook_pdf(county: County, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``ledger handbook H001 --pdf --out FILE`` over the test county."""
    out = tmp_path_factory.mktemp("pdf") / "handbook-H001.pdf"
    assert main(["handbook", "H001", "--pdf", "--out", str(out),
                 "--db", county.config.sqlite_path]) == 0
    return out


def test_the_cli_writes_a_pdf_with_the_chinese_title_and_page_one_is_not_blank(
        handbook_pdf: Path) -> None:
    """Page 1 carries ink (tables, text), and the Chinese title and names are real text."""
    assert handbook_pdf.read_bytes().startswith(b"%PDF-")
    page = first_page_png(handbook_pdf)
    assert page.width < page.height  # A4 portrait
    assert ink(page) > 0.02
    text = text_of(handbook_pdf)
    assert "扶 贫 手 册" in text
    assert "金大山" in text
    assert "H001" in text


def test_the_cjk_font_is_embedded(handbook_pdf: Path) -> None:
    """pdffonts lists a CJK font, embedded (so the file reads the same everywhere)."""
    fonts = subprocess.run([_tool("pdffonts"), str(handbook_pdf)], check=True,
                           capture_output=True, text=True).stdout.splitlines()[2:]
    cjk = [line for line in fonts if "CJK" in line]
    assert cjk
    assert all(line.split()[-5] == "yes" for line in cjk)  # the "emb" column


def test_the_sheet_comes_from_the_sheet_template(county: County, tmp_path: Path) -> None:
    """``--sheet`` renders the 基本信息清单 on one page."""
    out = tmp_path / "sheet.pdf"
    assert main(["handbook", "H002", "--sheet", "--pdf", "--out", str(out),
                 "--db", county.config.sqlite_path]) == 0
    assert "贫困户基本信息清单" in text_of(out)
    assert ink(first_page_png(out)) > 0.02


def test_without_pdf_the_cli_writes_the_pages_html(county: County, tmp_path: Path) -> None:
    """The HTML is the page's template, without the site header."""
    out = tmp_path / "handbook.html"
    assert main(["handbook", "H001", "--out", str(out), "--db", county.config.sqlite_path]) == 0
    html = out.read_text()
    assert "扶 贫 手 册" in html
    assert 'class="site"' not in html


def test_an_unknown_household_writes_nothing(county: County, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Exit status 2, a message naming the household, and no file."""
    out = tmp_path / "none.pdf"
    assert main(["handbook", "H999", "--pdf", "--out", str(out),
                 "--db", county.config.sqlite_path]) == 2
    assert "H999" in capsys.readouterr().err
    assert not out.exists()


def test_the_page_links_its_pdf_and_the_route_answers_one(discipline: TestClient,
                                                          tmp_path: Path) -> None:
    """The handbook page links handbook.pdf; the GET answers application/pdf from the same
    template (the household's name is in it)."""
    page = discipline.get("/pages/households/H001/handbook").text
    assert 'href="/pages/households/H001/handbook.pdf"' in page
    response = discipline.get("/pages/households/H001/handbook.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="handbook-H001.pdf"' in response.headers["content-disposition"]
    pdf = tmp_path / "route.pdf"
    pdf.write_bytes(response.content)
    assert "金大山" in text_of(pdf)


def test_the_public_gets_no_pdf(public: TestClient) -> None:
    """The PDF is personal detail like its page: the public is asked to sign in."""
    for form in ("handbook", "sheet"):
        response = public.get(f"/pages/households/H001/{form}.pdf")
        assert response.status_code == 401
        assert not response.content.startswith(b"%PDF")


def test_an_unknown_form_is_not_found(discipline: TestClient) -> None:
    """Only the two forms exist as PDF."""
    assert discipline.get("/pages/households/H001/diary.pdf").status_code in (404, 422)


def test_a_missing_store_is_refused_and_not_created(tmp_path: Path) -> None:
    """A wrong --db path is an error (exit 2), and no empty store appears there."""
    missing = tmp_path / "nosuch.db"
    assert main(["handbook", "H001", "--pdf", "--out", str(tmp_path / "x.pdf"),
                 "--db", str(missing)]) == 2
    assert not missing.exists()
