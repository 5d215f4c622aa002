"""The pages through the app's TestClient: content, roles, masking, the access log, exports."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.access_log import list_access
from api.app import create_app
from api.settings import Settings
from api.tokens import Role
from ledger.storage.config import parse_database_url
from tests.pages.conftest import make_token, signed_in
from tests.pages.county import PHOTO

HEAD, ID_NUMBER = "金大山", "220623195501010011"
PUBLIC_PAGES = ["/", "/pages/households", "/pages/villages/V01", "/pages/integrity"]


def frames(html: str) -> list[dict[str, object]]:
    """The replay frames embedded in a page."""
    found = re.search(r'<script type="application/json" id="replay-frames">(.*?)</script>',
                      html, re.S)
    assert found is not None
    parsed: list[dict[str, object]] = json.loads(found.group(1))
    return parsed


def access_rows(app: FastAPI, label_prefix: str) -> list[dict[str, object]]:
    """Access-log rows of readers whose token label starts with the prefix."""
    with app.state.resources.pool.connection() as db:
        rows = list_access(db, {}, 0, 1000)
    return [r for r in rows if str(r["token_label"]).startswith(label_prefix)]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_utf8_chinese_and_show_no_personal_data(public: TestClient,
                                                                 path: str) -> None:
    """Overview, list, village and integrity pages answer the public without names or IDs."""
    response = public.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="zh-CN">' in response.text
    assert '<meta charset="utf-8">' in response.text
    assert HEAD not in response.text
    assert ID_NUMBER not in response.text


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_pages_load_nothing_from_other_hosts(public: TestClient, path: str) -> None:
    """No CDN: no http(s) URL in src or href, and a same-origin content policy."""
    response = public.get(path)
    assert not re.search(r'(src|href)="(https?:)?//', response.text)
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_overview_draws_svg_charts_of_townships_visits_and_funds(public: TestClient) -> None:
    """Three SVG charts: households by status per township, visits per week, funds."""
    html = public.get("/").text
    assert html.count('<svg class="chart"') == 3
    assert "长白镇" in html
    assert "¥100,000.00" in html


def test_the_public_list_masks_heads_names(public: TestClient) -> None:
    """The household list shows the surname only (金**) to the public."""
    html = public.get("/pages/households").text
    assert "金**" in html
    assert 'href="/pages/households/H001"' not in html


def test_an_inspector_sees_names_in_scope_only(inspector: TestClient) -> None:
    """A 长白镇 inspector sees 长白镇's names; 八道沟镇's stay masked."""
    html = inspector.get("/pages/households").text
    assert HEAD in html
    assert "赵**" in html
    assert "赵永福" not in html


def test_the_list_filters_by_status_and_village(discipline: TestClient) -> None:
    """Filters narrow the list; a status outside the vocabulary is a 422 page."""
    html = discipline.get("/pages/households", params={"village": "V02"}).text
    assert "H003" in html
    assert "H001" not in html
    refused = discipline.get("/pages/households", params={"status": "rich"})
    assert refused.status_code == 422
    assert "invalid_parameter" in refused.text


def test_the_xlsx_export_holds_the_filtered_list_with_masking(public: TestClient) -> None:
    """households.xlsx has a Chinese header row and the public's masked names."""
    response = public.get("/pages/households.xlsx", params={"township": "T01"})
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "户编码 code"
    assert [r[0] for r in rows[1:]] == ["H001", "H002"]
    assert rows[1][5] == "金**"


def test_the_replay_asks_the_public_to_sign_in(public: TestClient) -> None:
    """Personal-detail pages answer the public 401 with a sign-in link, as a page that asks
    them to sign in (not an "Invalid token" error: the visitor sent none)."""
    for path in ("/pages/households/H001", "/pages/households/H001/handbook",
                 "/pages/households/H001/sheet", "/pages/cadres/C01", "/pages/proofs/1"):
        response = public.get(path)
        assert response.status_code == 401
        assert "/pages/login" in response.text
        title = re.search(r"<title>(.*?)</title>", response.text)
        assert title is not None
        assert "需要登录" in title.group(1)
        assert "Invalid token" not in response.text
        assert "令牌无效" not in response.text


def test_the_replay_has_a_frame_per_event_and_opens_on_the_last(discipline: TestClient) -> None:
    """The scrubber spans every event; the page opens on the latest state."""
    html = discipline.get("/pages/households/H001").text
    found = frames(html)
    assert f'max="{len(found) - 1}"' in html
    assert f'value="{len(found) - 1}"' in html
    assert found[-1]["values"]["diary_entries"] == "1"  # type: ignore[index]


def test_the_replay_shows_the_income_before_and_after_the_correction(
        discipline: TestClient) -> None:
    """The frame before the correction has the recorded income; the correction's, the fixed."""
    html = discipline.get("/pages/households/H001").text
    index = int(re.search(r'data-index="(\d+)"[^>]*\n\s*class="correction', html).group(1))
    found = frames(html)
    assert found[index - 1]["values"]["income_total"] == "2024年 ¥10,440.00"  # type: ignore[index]
    assert found[index]["values"]["income_total"] == "2024年 ¥6,720.00"  # type: ignore[index]
    assert "income_total" in found[index]["changed"]  # type: ignore[operator]


def test_the_replay_marks_late_records_corrections_and_evidence(discipline: TestClient) -> None:
    """补记 and 更正 are tagged, the corrected line says so, the visit shows its evidence."""
    html = discipline.get("/pages/households/H001").text
    assert 'class="late' in html
    assert "补记 late" in html
    assert "更正 correction" in html
    assert "已被更正 corrected by household/H001/" in html
    assert f'title="SHA-256 {PHOTO}"' in html


def test_the_replay_opens_on_what_was_known_on_a_date(discipline: TestClient) -> None:
    """``on=`` opens the scrubber on the last event recorded by that day."""
    html = discipline.get("/pages/households/H001", params={"on": "2024-01-10"}).text
    assert 'value="2"' in html
    assert "五定计划制定" in re.search(r'id="replay-current">([^<]*)<', html).group(1)


def test_reading_a_household_is_recorded_in_the_access_log(app: FastAPI) -> None:
    """Each replay read writes an access-log row naming the household."""
    client = signed_in(app, make_token(app, Role.DISCIPLINE, "audit-trail"))
    client.get("/pages/households/H002")
    rows = access_rows(app, "audit-trail")
    assert [r["subject"] for r in rows] == ["household:H002"]
    assert rows[0]["path"] == "/pages/households/H002"


def test_out_of_scope_needs_a_reason_which_is_recorded(app: FastAPI) -> None:
    """A 长白镇 inspector reading 八道沟镇's household gets 403, then break-glass with a reason."""
    client = signed_in(app, make_token(app, Role.INSPECTOR, "breakglass", "township:T01"))
    refused = client.get("/pages/households/H003")
    assert refused.status_code == 403
    assert 'name="reason"' in refused.text
    allowed = client.get("/pages/households/H003", params={"reason": "群众举报核查"})
    assert allowed.status_code == 200
    rows = access_rows(app, "breakglass")
    assert [(r["subject"], r["reason"], r["is_break_glass"]) for r in rows] == [
        ("household:H003", "群众举报核查", 1)]


def test_the_handbook_and_sheet_are_printable_records_from_the_events(
        discipline: TestClient) -> None:
    """扶贫手册 and 基本信息清单 carry the household's members, cadres and income."""
    handbook = discipline.get("/pages/households/H001/handbook").text
    sheet = discipline.get("/pages/households/H001/sheet").text
    for html in (handbook, sheet):
        assert ID_NUMBER in html
        assert "李明" in html
        assert "¥6,720.00" in html
        assert 'class="signatures"' in html
    assert "扶 贫 手 册" in handbook
    assert "检查点之后的日记" in handbook
    assert "贫困户基本信息清单" in sheet


def test_the_stylesheet_has_print_rules(public: TestClient) -> None:
    """The one stylesheet is served and prints on A4 without navigation."""
    css = public.get("/pages/static/pages.css")
    assert css.status_code == 200
    assert "@media print" in css.text
    assert "size: A4" in css.text


def test_the_cadre_trail_lists_actions_with_late_flags_and_exports(
        discipline: TestClient) -> None:
    """李明's trail: visits in log order, the late phone contact flagged, an xlsx export."""
    html = discipline.get("/pages/cadres/C01").text
    assert "李明" in html
    assert html.count("<tr class=") >= 10
    assert '<span class="tag late"' in html
    workbook = discipline.get("/pages/cadres/C01/trail.xlsx")
    rows = list(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert len(rows) >= 11
    assert "是" in [r[6] for r in rows]


def test_the_village_heatmap_counts_visits_per_week(public: TestClient) -> None:
    """H001 was visited every week, H002 every other week; missed weeks are red cells."""
    html = public.get("/pages/villages/V01").text
    rows = re.findall(r'<tr><th class="who">(H00\d)(.*?)</tr>', html, re.S)
    cells = {code: re.findall(r'class="cell (\w+)"', body) for code, body in rows}
    assert cells["H001"][-9:] == ["v1"] * 9
    assert cells["H002"][-9:] == ["v1", "v0"] * 4 + ["v1"]
    assert "朴**" in html


def test_integrity_shows_the_checkpoint_its_witness_and_a_verification(
        discipline: TestClient) -> None:
    """The latest checkpoint is listed with its log signature (verified) and the witness."""
    html = discipline.get("/pages/integrity", params={"verify": "1"}).text
    assert "changbai.example/ledger" in html
    assert "witness.example" in html
    assert "见证联署 witness cosignature" in html
    assert "✓ 已核验 verified" in html
    assert "校验通过" in html


def test_an_events_proof_is_verified_against_the_checkpoint(discipline: TestClient) -> None:
    """The proof of an early event is checked against checkpoint #1, bytes and path."""
    html = discipline.get("/pages/proofs/3").text
    assert "✓ 已验证" in html
    assert "检查点 checkpoint #1" in html
    assert '"inclusion_path"' in html


def test_a_proof_after_the_checkpoint_uses_the_current_tree(app: FastAPI,
                                                            discipline: TestClient) -> None:
    """The last event is not yet under a checkpoint: its proof is against the current tree."""
    last = app.state.resources.recorder.max_notification_id()
    fragment = discipline.get(f"/pages/proofs/{last}", params={"fragment": "1"}).text
    assert "当前树" in fragment
    assert "<html" not in fragment


def test_unknown_things_are_404_pages(discipline: TestClient) -> None:
    """An unknown household, cadre, village or position is a readable 404 page."""
    for path in ("/pages/households/H999", "/pages/cadres/C999", "/pages/villages/V999",
                 "/pages/proofs/999999"):
        response = discipline.get(path)
        assert response.status_code == 404
        assert "未找到" in response.text



def test_a_cadre_outside_the_inspectors_scope_needs_a_reason(inspector: TestClient) -> None:
    """A 长白镇 inspector reading 八道沟镇's cadre gets 403 with the reason form."""
    response = inspector.get("/pages/cadres/C03")
    assert response.status_code == 403
    assert "out_of_scope" in response.text


def test_before_the_views_are_built_pages_say_so(tmp_path: Path) -> None:
    """Over a store never projected, the overview is a 503 page naming `ledger project`."""
    config = parse_database_url(str(tmp_path / "empty.db"))
    app = create_app(Settings(database=config))
    response = TestClient(app).get("/")
    assert response.status_code == 503
    assert "ledger project" in response.text
    app.state.resources.close()


def test_the_household_pages_show_pairing_and_activities(discipline: TestClient) -> None:
    """H002's replay page and handbook show the pairing in force and the activity taken part in."""
    page = discipline.get("/pages/households/H002").text
    assert "结亲交友" in page
    assert "在结" in page
    assert "参加活动" in page
    handbook = discipline.get("/pages/households/H002/handbook").text
    assert "结亲走访" in handbook
    assert "参加活动" in handbook


def test_the_cadre_trail_shows_an_acts_parts(discipline: TestClient) -> None:
    """王强's research visit lists the villages and households visited."""
    html = discipline.get("/pages/cadres/C10").text
    assert "households: H002，villages: V01" in html


def test_integrity_lists_the_anchors_a_package_can_be_verified_against(
        discipline: TestClient) -> None:
    """Each checkpoint a package carries a consistency proof to, with the witnesses that
    cosigned it, and how to anchor a package with them."""
    html = discipline.get("/pages/integrity").text
    section = html.split('id="anchors"', 1)[1].split("<h2", 1)[0]
    assert "--checkpoint" in section
    assert "--witness-key" in section
    assert "witness.example" in section
    assert re.search(r"<tr><td>\d+</td>", section)
