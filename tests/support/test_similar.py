"""The duplicate warning (#17 item 1): what 港北区 types finds 西区's open request on the
same problem, and the published need about it; unrelated text finds nothing; a
department's own requests, closed ones and ones it joined are not offered."""

from __future__ import annotations

from hackplat.extensions import db
from hackplat.models import NeedStatus
from hackplat.support import services
from hackplat.support.similar import similar_needs, similar_requests
from tests.support.conftest import KOHOKU_TEXT, UNRELATED_TEXT, open_nishi


def _titles(found) -> list[str]:
    return [f.item.title for f in found]


def test_a_similar_request_of_another_ward_is_found_and_unrelated_text_finds_nothing(wards, make_need) -> None:
    nishi = open_nishi(wards)
    make_need(
        title="公園の遊具の点検記録の電子化",
        background="紙の点検表を手で集計している。",
        problem="集計に時間がかかる。",
    )
    need = make_need(
        title="保育園の入園申請の問い合わせを減らしたい",
        background="入園申請の時期に保護者からの問い合わせが窓口に集中する。",
        problem="審査が遅れる。",
    )
    make_need(title="保育園の入園申請の下書き", status=NeedStatus.DRAFT)  # a draft is not shown
    found = similar_requests(*KOHOKU_TEXT, department_id=wards.kohoku.department_id)
    assert _titles(found) == [nishi.title]
    assert 0 < found[0].similarity <= 1
    assert _titles(similar_needs(*KOHOKU_TEXT)) == [need.title]
    assert similar_requests(*UNRELATED_TEXT, department_id=wards.kohoku.department_id) == []
    assert similar_needs(*UNRELATED_TEXT) == []
    # a few shared words (窓口, 問い合わせ) about another problem stay under the floor
    counter = ("住民票の交付の窓口が混雑", "住民票の写しの交付で窓口が混雑し、問い合わせの電話も多い。")
    assert similar_requests(*counter, department_id=wards.kohoku.department_id) == []


def test_own_closed_and_joined_requests_are_not_offered(wards) -> None:
    nishi = open_nishi(wards)
    assert similar_requests(*KOHOKU_TEXT, department_id=wards.nishi.department_id) == []  # its own
    services.join_request(nishi, "", actor=wards.kohoku)
    db.session.commit()
    assert similar_requests(*KOHOKU_TEXT, department_id=wards.kohoku.department_id) == []  # joined already
    services.decline_request(nishi, "理由", expected_version=nishi.version, actor=wards.coordinator)
    db.session.commit()
    assert similar_requests(*KOHOKU_TEXT, department_id=wards.bureau.department_id) == []  # closed
