"""Finding needs on /needs: sorted by newest or by deadline (the choice kept across the
page links), departments grouped 局 → 課 and 区役所 in the filter, a bureau finding its
sections' needs too, and names in English when the page is."""

from __future__ import annotations

import re
from datetime import timedelta

from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import Department, DepartmentKind, Need, utcnow
from hackplat.needs.discovery import DEADLINE, NEWEST, ordered_departments
from hackplat.needs.services import NeedFilters, public_needs_query


def titles(filters: NeedFilters) -> list[str]:
    return [need.title for need in db.session.scalars(public_needs_query(filters))]


def department(name: str, kind: DepartmentKind, parent: Department | None = None, name_en: str | None = None):
    made = Department(name=name, kind=kind, parent=parent, name_en=name_en)
    db.session.add(made)
    db.session.commit()
    return made


def test_deadline_order_puts_the_nearest_deadline_ahead_first_then_passed_then_none(make_need) -> None:
    today = japan_today()
    for title, days in [("来月", 30), ("明日", 1), ("先週", -7), ("昨日", -1), ("今日", 0)]:
        make_need(title=title, deadline=today + timedelta(days=days))
    make_need(title="未定", deadline=None)
    assert titles(NeedFilters(sort=DEADLINE)) == ["今日", "明日", "来月", "昨日", "先週", "未定"]


def test_newest_order_is_the_last_published_first(make_need) -> None:
    older, newer = make_need(title="前の課題"), make_need(title="後の課題")
    older.published_at, newer.published_at = utcnow() - timedelta(days=2), utcnow() - timedelta(days=1)
    db.session.commit()
    assert titles(NeedFilters(sort=NEWEST)) == ["後の課題", "前の課題"]


def test_the_sort_is_chosen_on_the_page_and_kept_in_the_page_links(client, make_need) -> None:
    today = japan_today()
    for n in range(25):  # more than a page (ITEMS_PER_PAGE 20)
        make_need(title=f"締切{n:02d}日後", deadline=today + timedelta(days=n + 1))
    page = client.get("/needs/?sort=deadline").get_data(as_text=True)
    assert '<option selected value="deadline">締切が近い順</option>' in page
    assert page.index("締切00日後") < page.index("締切01日後")
    links = re.findall(r'href="(/needs/\?[^"]*page=2[^"]*)"', page)
    assert links
    assert all("sort=deadline" in link for link in links)
    assert "締切24日後" in client.get(links[0].replace("&amp;", "&")).get_data(as_text=True)


def test_departments_are_grouped_bureaus_with_their_sections_then_wards() -> None:
    kodomo = department("こども青少年局", DepartmentKind.BUREAU)
    kohoku = department("港北区", DepartmentKind.WARD)
    hoiku = department("こども青少年局 保育対策課", DepartmentKind.SECTION, kodomo)
    somu = department("総務局", DepartmentKind.BUREAU)
    koseki = department("港北区 戸籍課", DepartmentKind.SECTION, kohoku)
    rows = ordered_departments([koseki, somu, hoiku, kohoku, kodomo])
    assert [(kind, d.name) for kind, d in rows] == [
        (DepartmentKind.BUREAU, "こども青少年局"),
        (DepartmentKind.BUREAU, "こども青少年局 保育対策課"),
        (DepartmentKind.BUREAU, "総務局"),
        (DepartmentKind.WARD, "港北区"),
        (DepartmentKind.WARD, "港北区 戸籍課"),
    ]


def test_the_filter_shows_optgroups_and_a_bureau_finds_its_sections_needs(client, make_need) -> None:
    kodomo = department("こども青少年局", DepartmentKind.BUREAU)
    hoiku = department("こども青少年局 保育対策課", DepartmentKind.SECTION, kodomo)
    kohoku = department("港北区", DepartmentKind.WARD)
    make_need(department=hoiku, title="保育の課題")
    make_need(department=kohoku, title="港北区の課題")
    page = client.get("/needs/").get_data(as_text=True)
    bureaus, wards = page.index('<optgroup label="局・本部">'), page.index('<optgroup label="区役所">')
    assert bureaus < page.index(">こども青少年局<") < page.index(">\u3000こども青少年局 保育対策課<") < wards
    assert wards < page.index(">港北区<")
    found = client.get(f"/needs/?department={kodomo.id}").get_data(as_text=True)
    assert "保育の課題" in found
    assert "港北区の課題" not in found
    assert "港北区の課題" not in client.get(f"/needs/?department={hoiku.id}").get_data(as_text=True)


def test_english_pages_name_departments_and_themes_in_english(client, make_need, themes, english_catalogue) -> None:
    themes[0].name_en = "Administrative procedures"
    ward = department("港北区", DepartmentKind.WARD, name_en="Kohoku Ward")
    need: Need = make_need(department=ward, title="港北区の課題")
    assert "Kohoku Ward" not in client.get("/needs/").get_data(as_text=True)
    client.get("/language/en")
    listing = client.get("/needs/").get_data(as_text=True)
    assert "Kohoku Ward" in listing
    assert ">Administrative procedures<" in listing
    assert "Kohoku Ward" in client.get(f"/needs/{need.id}").get_data(as_text=True)
