"""The coordinators' synonym table: add (checked, normalised, audited), refuse
duplicates, delete after a confirmation, and the effect at the next rebuild."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from hackplat.errors import InvalidInput
from hackplat.extensions import db
from hackplat.matching import store
from hackplat.matching.store.live import active_version_id
from hackplat.matching.synonym_services import add_synonym
from hackplat.models import AuditRecord, MatchPair, Role, Synonym
from tests.matching.pages import rows, section

URL = "/matching/synonyms"


@pytest.fixture
def coordinator(make_user, login):
    user = make_user(Role.COORDINATOR)
    login(user)
    return user


def add(client, variant: str, canonical: str):
    return client.submit(URL, {"variant": variant, "canonical": canonical})


def table() -> list[tuple[str, str]]:
    query = select(Synonym.variant, Synonym.canonical).order_by(Synonym.variant)
    return [tuple(row) for row in db.session.execute(query)]


def audit_actions() -> list[tuple[str, dict]]:
    query = select(AuditRecord.action, AuditRecord.detail).where(AuditRecord.object_type == "synonym")
    return [tuple(row) for row in db.session.execute(query.order_by(AuditRecord.id))]


def field_error(body: str, field: str) -> str:
    start = body.index(f'id="{field}-error"')
    return html.unescape(body[start : body.index("</p>", start)])


def test_adding_a_synonym_lists_it_and_audits_it(client, coordinator) -> None:
    response = add(client, "　ｽﾏﾎ ", "スマートフォン")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(URL)
    assert table() == [("スマホ", "スマートフォン")]  # NFKC: half-width katakana, full-width space
    [(action, detail)] = audit_actions()
    assert action == "synonym.created"
    assert detail == {"variant": "スマホ", "canonical": "スマートフォン"}
    page = client.get(URL).get_data(as_text=True)
    assert "次の再構築で順位付けに反映されます" in page  # the flash
    [row] = rows(section(page, 'aria-labelledby="synonym-list"') or "")
    assert "<td>スマホ</td>" in row
    assert "スマートフォン" in row


BAD_INPUT = [
    ("", "子育て", "variant", "入力してください。"),
    ("育児", "   ", "canonical", "入力してください。"),
    ("あ" * 101, "子育て", "variant", "100文字以内で入力してください。"),
    ("育児", "子" * 101, "canonical", "100文字以内で入力してください。"),
    ("子育て", "子育て", "canonical", "置き換える語と統一する語が同じです。"),
    ("ＡＩ", "ai", "canonical", "置き換える語と統一する語が同じです。"),
    ("！？", "見守り", "variant", "記号だけの語は登録できません。"),
]


@pytest.mark.parametrize(("variant", "canonical", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_next_to_its_field(client, coordinator, variant, canonical, field, message) -> None:
    response = add(client, variant, canonical)
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), field)
    assert table() == []
    assert audit_actions() == []


@pytest.mark.parametrize(("variant", "canonical", "field", "message"), BAD_INPUT)
def test_the_service_checks_the_words_itself(make_user, variant, canonical, field, message) -> None:
    """Not only the form: any caller of ``add_synonym`` gets the same refusal."""
    with pytest.raises(InvalidInput) as refusal:
        add_synonym(variant, canonical, actor=make_user(Role.COORDINATOR))
    assert (refusal.value.field, refusal.value.message) == (field, message)
    assert table() == []


def test_a_variant_already_in_the_table_is_refused_with_a_message(client, coordinator) -> None:
    assert add(client, "育児", "子育て").status_code == 302
    response = add(client, "育児", "子育て支援")
    assert response.status_code == 409
    assert "「育児」はすでに登録されています。" in field_error(response.get_data(as_text=True), "variant")
    assert table() == [("育児", "子育て")]
    assert len(audit_actions()) == 1


def test_the_table_is_paginated_and_filtered(client, coordinator) -> None:
    db.session.add_all(Synonym(variant=f"語{n:02d}", canonical="統一語") for n in range(25))
    db.session.add(Synonym(variant="スマホ", canonical="スマートフォン"))
    db.session.commit()
    listed = section(client.get(URL).get_data(as_text=True), 'aria-labelledby="synonym-list"') or ""
    assert len(rows(listed)) == 20
    assert "26件" in listed
    assert 'href="/matching/synonyms?page=2"' in listed
    listed = section(client.get(f"{URL}?q=ｽﾏｰﾄ").get_data(as_text=True), 'aria-labelledby="synonym-list"') or ""
    assert [("スマホ" in row) for row in rows(listed)] == [True]


def test_deleting_asks_first_then_deletes_and_audits(client, coordinator) -> None:
    add(client, "育児", "子育て")
    synonym = db.session.scalar(select(Synonym))
    listed = client.get(URL).get_data(as_text=True)
    confirm_url = f"/matching/synonyms/{synonym.id}/delete"
    assert f'href="{confirm_url}"' in listed
    confirm = client.get(confirm_url)
    assert confirm.status_code == 200
    assert table() == [("育児", "子育て")]
    body = confirm.get_data(as_text=True)
    assert "次の同義語を削除します" in body
    assert f'action="{confirm_url}"' in body
    response = client.submit(confirm_url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(URL)
    assert table() == []
    assert [action for action, _ in audit_actions()] == ["synonym.created", "synonym.deleted"]
    assert client.submit(confirm_url).status_code == 404


@pytest.mark.parametrize("role", [Role.MEMBER, Role.STAFF])
def test_only_the_programme_office_edits_the_table(client, login, make_user, role) -> None:
    synonym = Synonym(variant="育児", canonical="子育て")
    db.session.add(synonym)
    db.session.commit()
    login(make_user(role))
    assert client.get(URL).status_code == 403
    assert client.submit(URL, {"variant": "スマホ", "canonical": "スマートフォン"}).status_code == 403
    assert client.get(f"/matching/synonyms/{synonym.id}/delete").status_code == 403
    assert client.submit(f"/matching/synonyms/{synonym.id}/delete").status_code == 403
    assert table() == [("育児", "子育て")]
    assert audit_actions() == []


def similarity(need_id: int, seed_id: int) -> float:
    version_id = active_version_id()
    pair = db.session.get(MatchPair, (version_id, need_id, seed_id))
    return pair.similarity if pair else 0.0


def test_a_synonym_brings_a_need_and_a_seed_closer_at_the_next_rebuild(
    client, coordinator, make_need, make_seed
) -> None:
    need = make_need(title="育児の悩みを気軽に相談できる窓口がほしい",
                     background="育児に不安を抱える保護者が増えている。", problem="育児の相談先が分かりにくい。",
                     desired_outcome="夜間でも育児の相談ができる仕組み。", expected_effect="保護者の孤立を防ぐ。")  # fmt: skip
    seed = make_seed(title="子育ての悩みに答える相談チャット", summary="子育ての相談に保育士が夜間も答える。",
                     description="自治体向けの子育て相談サービス。")  # fmt: skip
    make_seed(title="図書館の蔵書検索アプリ", summary="蔵書を検索し予約できる。", description="図書館向け。")
    store.rebuild()
    before = similarity(need.id, seed.id)
    assert add(client, "育児", "子育て").status_code == 302
    assert similarity(need.id, seed.id) == before  # not until the rebuild
    client.submit("/matching/rebuild")
    assert similarity(need.id, seed.id) > before + 0.03  # BM25F's scale: a covered share of the need
    pair = db.session.get(MatchPair, (active_version_id(), need.id, seed.id))
    assert "子育て" in pair.shared_terms
