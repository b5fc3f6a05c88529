"""Public lists paged by id and with their total kept per content version
(hackplat/listing.py): the seeds' catalogue, the needs' list with its filters and the
public home's calls closing soon."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event, update

from hackplat import listing
from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.home.public import open_needs
from hackplat.models import DepartmentKind, Seed, utcnow


@contextmanager
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def test_the_total_is_counted_once_per_content_version(client, make_seed) -> None:
    for _ in range(3):
        make_seed()
    make_seed(is_public=False)
    with statements() as seen:
        assert "3件のシーズ" in client.get("/seeds/").get_data(as_text=True)
        assert "3件のシーズ" in client.get("/seeds/?theme=0").get_data(as_text=True)  # another page, the same list
    counts = [s for s in seen if s.startswith("SELECT count(*)") and "FROM seeds" in s]
    assert len(counts) == 1, counts  # the second request read the kept total
    make_seed()  # a committed write moves the version on: counted again
    assert "4件のシーズ" in client.get("/seeds/?theme=0").get_data(as_text=True)


def test_a_write_the_version_does_not_see_leaves_the_kept_total(client, make_seed) -> None:
    """What proves the total is kept: a change made past the session (no version row)."""
    seeds = [make_seed() for _ in range(2)]
    assert "2件のシーズ" in client.get("/seeds/").get_data(as_text=True)
    db.session.connection().execute(update(Seed).where(Seed.id == seeds[0].id).values(is_public=False))
    db.session.commit()
    assert "2件のシーズ" in client.get("/seeds/?theme=0").get_data(as_text=True)


def test_a_deep_page_keeps_the_order_and_filters(client, make_need, make_department, themes) -> None:
    """Filtered by a bureau (its sections' needs too) and a theme (primary or other),
    by deadline: page 2 continues page 1, the rows loaded by id in the list's order."""
    bureau = make_department("環境創造局")
    section = make_department("公園緑地課", kind=DepartmentKind.SECTION)
    section.parent = bureau
    today = japan_today()
    expected = []
    for n in range(23):
        need = make_need(
            department=section if n % 2 else bureau,
            theme=themes[1],
            title=f"公園の課題{n:02d}",
            deadline=today + timedelta(days=n + 1),
        )
        expected.append(need.title)
    other = make_need(department=bureau, theme=themes[0], title="別テーマ扱いの課題", deadline=today)
    other.other_themes.append(themes[1])
    db.session.commit()
    make_need(department=bureau, theme=themes[0], title="テーマ違いの課題")
    make_need(theme=themes[1], title="部署違いの課題")
    args = f"?department={bureau.id}&theme={themes[1].id}&sort=deadline"
    first = client.get(f"/needs/{args}").get_data(as_text=True)
    second = client.get(f"/needs/{args}&page=2").get_data(as_text=True)
    assert "課題の一覧（24件）" in first
    order = ["別テーマ扱いの課題", *expected]
    assert [t for t in order if t in first] == order[:20]
    assert [t for t in order if t in second] == order[20:]
    assert "テーマ違いの課題" not in first + second
    assert "部署違いの課題" not in first + second
    assert client.get(f"/needs/{args}&page=3").status_code == 404


def test_the_home_lists_calls_closing_soonest_first(make_need) -> None:
    today = japan_today()
    later = make_need(title="来月締切", deadline=today + timedelta(days=30))
    soon = make_need(title="明日締切", deadline=today + timedelta(days=1))
    make_need(title="締切済み", deadline=today - timedelta(days=1))
    closed = make_need(title="早期終了", deadline=today + timedelta(days=2))
    closed.call_closed_at = utcnow()
    tie = make_need(title="同じ日の後の課題", deadline=today + timedelta(days=30))
    db.session.commit()
    assert [need.title for need in open_needs(today)] == [soon.title, tie.title, later.title]


def test_deep_pages_are_slices_of_the_ids_kept_per_version(client, make_seed, make_organisation, monkeypatch) -> None:
    monkeypatch.setattr(listing, "DEEP_OFFSET", 20)  # page 2 counts as deep
    organisation = make_organisation()
    now = utcnow()
    seeds = [
        make_seed(organisation=organisation, title=f"シーズ{n:02d}", updated_at=now - timedelta(minutes=n))
        for n in range(24)
    ]
    with statements() as seen:
        first = client.get("/seeds/?page=2").get_data(as_text=True)
        again = client.get("/seeds/?page=2&theme=0").get_data(as_text=True)  # not the kept page: the same list
    assert [f"シーズ{n:02d}" for n in range(20, 24)] == [t for t in (f"シーズ{n:02d}" for n in range(24)) if t in first]
    assert "24件のシーズ" in first
    assert "24件のシーズ" in again
    ids_read = [s for s in seen if " ".join(s.split()).startswith("SELECT seeds.id FROM seeds")]
    assert len(ids_read) == 1, ids_read  # the list's ids read once, the second page sliced from them
    assert client.get("/seeds/?page=3").status_code == 404
    seeds[0].updated_at = now - timedelta(days=1)  # a committed edit: the list's order read again
    db.session.commit()
    moved = client.get("/seeds/?page=2").get_data(as_text=True)
    assert "シーズ00" in moved
    assert "シーズ20" not in moved
