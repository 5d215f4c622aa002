"""The accountability pages over a county that owes duties for a year: the village compliance
grid, one obligation with its chain, the county's violations, a scorecard for every level, the
inspection rounds; the overview's figures; roles and masking; and no link that leads nowhere."""

from __future__ import annotations

import html
import re
from collections import deque

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.tokens import Role
from projections import inspection
from projections.accountability import queries as duties
from tests.pages.conftest import make_token
from tests.pages.duties_county import WEEKS

NAMES = ("金大山", "朴顺子", "李明", "朴成浩", "王强", "赵丽", "金正一", "崔英")
CELL = re.compile(r'<td class="cell s-(\w+)" title="(\w+) · (\d{4}-\d\d-\d\d) 起 · [^"]*">'
                  r'<a href="(/pages/obligations/[^"]+)">')


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_the_compliance_grid_covers_the_year_and_links_every_cell(
        duties_public: TestClient) -> None:
    """52 weeks and more, one block per year, a cell per household-week linked to its
    obligation: the skipped week missed, the week recorded late met late, the rest met."""
    page = duties_public.get("/pages/villages/V01/compliance")
    assert page.status_code == 200
    cells = CELL.findall(page.text)
    weeks = {(household, monday) for _, household, monday, _ in cells}
    assert len({m for _, m in weeks}) >= WEEKS
    assert {h for h, _ in weeks} == {"H001", "H002"}
    found = {(h, m): (s, link) for s, h, m, link in cells}
    assert found[("H001", "2024-01-15")] == ("missed", "/pages/obligations/visit/H001/2024-W03")
    assert found[("H001", "2024-05-13")][0] == "met_late"
    assert found[("H002", "2024-01-15")][0] == "met"
    assert re.findall(r'<table class="heatmap compliance" data-year="(\d{4})">', page.text) \
        == ["2024"]  # the week of Monday 2024-12-30 belongs to its Monday's year


def test_the_public_sees_no_personal_names_on_any_accountability_page(
        duties_public: TestClient, duties_outsider: TestClient) -> None:
    """Codes, states and windows only: no head of household, no cadre by name, no reason, no
    proof or replay links; a reader scoped elsewhere sees the same."""
    for client in (duties_public, duties_outsider):
        for path in ("/", "/pages/villages/V01/compliance", "/pages/violations",
                     "/pages/scorecards", "/pages/scorecards/C01", "/pages/scorecards/C20",
                     "/pages/scorecards/C30", "/pages/scorecards/C40", "/pages/inspection",
                     "/pages/rounds/R01", "/pages/obligations/visit/H001/2024-W03",
                     "/pages/obligations/visit/H001/2024-W03/escalation/3"):
            page = client.get(path)
            assert page.status_code == 200, path
            shown = [n for n in NAMES if n in page.text]
            assert shown == [], (path, shown)
            assert "/pages/proofs/" not in page.text, path
            assert "帮扶手册未更新" not in page.text, path  # a finding's description
            assert "nothing fulfilled" not in page.text, path  # a reason, personal in the API


def test_an_obligation_shows_owner_window_status_why_events_and_chain(
        duties_reader: TestClient) -> None:
    """The skipped week: its owner named, the window, missed and why, then the chain up to
    the county, whose talk answered it late, with the talk's proof."""
    page = duties_reader.get("/pages/obligations/visit/H001/2024-W03")
    assert page.status_code == 200
    text = _text(page.text)
    assert "C01 李明" in text
    assert "2024-01-15 至 2024-01-21" in text
    assert "未履行" in text
    assert "nothing fulfilled visit in 2024-W03" in text
    steps = re.findall(r'href="/pages/obligations/visit/H001/2024-W03/escalation/(\d)"',
                       page.text)
    assert sorted(set(steps)) == ["1", "2", "3"]
    assert "C30 金正一" in text
    assert "逾期履行" in text
    assert re.search(r'href="/pages/proofs/\d+"', page.text)
    late = _text(duties_reader.get("/pages/obligations/visit/H001/2024-W20").text)
    assert "逾期履行" in late
    assert "补记 late" in late
    assert 'href="/pages/households/H001"' in duties_reader.get(
        "/pages/obligations/visit/H001/2024-W20").text


def test_violations_are_unanswered_first_then_oldest_then_by_level(
        duties_public: TestClient, duties_app: FastAPI) -> None:
    """Every violation once, the unanswered before the answered, each group oldest first."""
    page = duties_public.get("/pages/violations").text
    rows = re.findall(r'<tr class="(open|answered)"><td><a href="/pages/obligations/([^"]+)">',
                      page)
    ids = [i for _, i in rows]
    with duties_app.state.resources.pool.connection() as db:
        expected = {v["obligation_id"]: v for v in duties.violations(db, limit=1000).items}
        counts = duties.counts(db)
    assert sorted(ids) == sorted(expected)
    flags = [kind == "open" for kind, _ in rows]
    assert flags == sorted(flags, reverse=True)
    opened = [expected[i]["due_at"] for kind, i in rows if kind == "open"]
    assert opened == sorted(opened)
    assert ("answered", "visit/H001/2024-W03") in rows
    assert ("open", "four_ones.inspection/C20/2024-03") in rows
    assert flags.count(True) == counts["open_violations"]


def test_the_household_cadre_scorecard_counts_weeks_per_household(
        duties_reader: TestClient) -> None:
    """C01 holds H001: one week missed, one met late, the rest met."""
    page = duties_reader.get("/pages/scorecards/C01").text
    row = re.search(r'<a href="/pages/households/H001">H001</a></td>(.*?)</tr>', page, re.S)
    assert row is not None
    met, late, missed, excused, _ = (int(n) for n in re.findall(r'"num">(\d+)<', row.group(1)))
    assert (late, missed, excused) == (1, 1, 0)
    assert met >= WEEKS - 2


def test_the_township_lead_scorecard_has_a_month_grid_of_the_four_ones(
        duties_reader: TestClient, duties_public: TestClient) -> None:
    """Twelve months × four acts, March's inspection missed, each met cell telling the act;
    the first quarter's review missing its difficulties part."""
    page = duties_reader.get("/pages/scorecards/C20").text
    grid = page.split('<table class="four-ones">')[1].split("</table>")[0]
    months = re.findall(r"<tr><td>(2024-\d\d)</td>", grid)
    assert months == [f"2024-{m:02d}" for m in range(1, 13)]
    march = grid.split("<tr><td>2024-03</td>")[1].split("</tr>")[0]
    assert "four_ones.inspection/C20/2024-03" in march
    assert "未履行" in march
    assert "督查" in grid.split("<tr><td>2024-04</td>")[1]
    assert 'class="act"' in grid
    reviews = _text(page.split('id="reviews"')[1].split("</table>")[0])
    assert "2024-Q1" in reviews
    assert "了解工作中的困难" in reviews
    assert 'class="act"' not in duties_public.get("/pages/scorecards/C20").text


def test_county_leader_and_inspector_scorecards(duties_reader: TestClient) -> None:
    """C30: the talk it held and the escalation steps it owed; C40: its round, covering the
    one village, and the overdue finding."""
    county = duties_reader.get("/pages/scorecards/C30").text
    assert 'id="talks"' in county
    assert "约谈" in county.split('id="talks"')[1]
    assert "visit/H001/2024-W03" in county.split('id="follow-ups"')[1]
    inspector = duties_reader.get("/pages/scorecards/C40").text
    assert 'href="/pages/rounds/R01"' in inspector
    assert re.search(r'class="num">1 / 1</td>', inspector)
    assert "帮扶手册未更新" in inspector
    assert "逾期" in inspector


def test_the_index_reaches_every_level(duties_public: TestClient) -> None:
    """From the overview to the index, and from the index to one cadre of each level."""
    overview = duties_public.get("/").text
    for level in ("county_leader", "township_lead", "village_leader", "household_cadre"):
        assert f'href="/pages/scorecards#{level}"' in overview
    assert 'href="/pages/inspection"' in overview
    assert 'href="/pages/violations"' in overview
    assert 'href="/pages/villages/V01/compliance"' in overview
    index = duties_public.get("/pages/scorecards").text
    for code in ("C01", "C02", "C10", "C20", "C30", "C40"):
        assert f'href="/pages/scorecards/{code}"' in index


def test_the_overview_and_the_api_agree_on_violations_and_overdue_findings(
        duties_public: TestClient, duties_app: FastAPI) -> None:
    """The overview's two figures are counts() and overdue_count(), which the API's list of
    overdue findings and the violations page agree with."""
    overview = duties_public.get("/").text
    shown = dict(re.findall(r'id="figure-(violations_open|findings_overdue)">(\d+)<', overview))
    with duties_app.state.resources.pool.connection() as db:
        assert int(shown["violations_open"]) == duties.counts(db)["open_violations"] > 0
        assert int(shown["findings_overdue"]) == inspection.overdue_count(db) == 1
    listed = duties_public.get("/v1/findings", params={"overdue": "true"}).json()["items"]
    assert len(listed) == 1
    violations = duties_public.get("/pages/violations").text
    assert f'id="open-violations">{shown["violations_open"]}<' in violations


def test_findings_api_gives_deadlines_and_overdue_and_masks_the_description(
        duties_public: TestClient, duties_app: FastAPI) -> None:
    """F01 is overdue since 2024-03-31; F02 closed; the public sees no description."""
    token = make_token(duties_app, Role.DISCIPLINE, "jiwei-findings-api")
    answer = duties_public.get("/v1/findings", headers={"Authorization": f"Bearer {token}"})
    items = {f["finding_code"]: f for f in answer.json()["items"]}
    assert items["F01"]["overdue"] is True
    assert items["F01"]["deadline_on"] == "2024-03-31"
    assert items["F01"]["days_overdue"] > 0
    assert items["F01"]["village_code"] == "V01"
    assert items["F02"]["status"] == "closed"
    assert items["F02"]["overdue"] is False
    assert items["F01"]["description"] == "帮扶手册未更新"
    public = duties_public.get("/v1/findings", params={"status": "open"}).json()["items"]
    assert [(f["finding_code"], f["description"]) for f in public] == [("F01", None)]
    not_overdue = duties_public.get("/v1/findings", params={"overdue": "false"}).json()
    assert [f["finding_code"] for f in not_overdue["items"]] == ["F02"]
    first = duties_public.get("/v1/findings", params={"limit": 1}).json()
    second = duties_public.get("/v1/findings", params={"cursor": first["next_cursor"]}).json()
    assert [f["finding_code"] for f in first["items"] + second["items"]] == ["F01", "F02"]


def test_rounds_and_coverage_api(duties_public: TestClient) -> None:
    """R01 over T01 spot-checked H001 of V01: one village of one, covered; unknown → 404."""
    rounds = duties_public.get("/v1/rounds").json()["items"]
    assert [(r["code"], r["villages"], r["villages_covered"], r["findings"],
             r["findings_overdue"]) for r in rounds] == [("R01", 1, 1, 2, 1)]
    coverage = duties_public.get("/v1/rounds/R01/coverage").json()
    assert coverage["is_complete"] is True
    assert [(v["village_code"], v["households_checked"], v["is_covered"])
            for v in coverage["villages"]] == [("V01", ["H001"], True)]
    assert duties_public.get("/v1/rounds/R99/coverage").status_code == 404


def test_bad_filters_are_refused_naming_the_parameter(duties_public: TestClient) -> None:
    """A status or overdue flag that is not one of the known values is a 422 naming it."""
    for params, name in (({"status": "lost"}, "status"), ({"overdue": "maybe"}, "overdue")):
        answer = duties_public.get("/v1/findings", params=params)
        assert answer.status_code == 422
        assert name in answer.text
    assert duties_public.get("/pages/obligations/no-such/thing").status_code == 404


def test_no_link_on_the_accountability_pages_leads_nowhere(duties_reader: TestClient) -> None:
    """Follow every link from the overview through the accountability pages (as a reader who
    sees everything): each answers 200."""
    start = ["/", "/pages/violations", "/pages/scorecards", "/pages/inspection",
             "/pages/villages/V01/compliance"]
    follow = ("/pages/obligations/", "/pages/scorecards", "/pages/rounds/",
              "/pages/violations", "/pages/inspection")
    queue, seen, failed = deque(start), set(start), []
    while queue:
        path = queue.popleft()
        answer = duties_reader.get(path)
        if answer.status_code != 200:
            failed.append((path, answer.status_code))
            continue
        if path not in start and not path.startswith(follow) \
                and not path.endswith("/compliance"):
            continue
        for found in re.findall(r'href="(/[^"#]*)', answer.text):
            link = html.unescape(found)
            if link.startswith(("/pages/static", "/pages/logout", "/pages/login")):
                continue
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert failed == []
    assert len(seen) > 100
