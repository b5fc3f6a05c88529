"""A tiny corpus whose right answers are obvious, shared by the matcher tests."""

from __future__ import annotations

from hackplat.matching.core.analyser import Analysed, analyse
from hackplat.matching.core.index import MatchIndex
from hackplat.matching.core.synonyms_seed import SEED_SYNONYMS

NEEDS = {
    "N1": (
        "保育所の連絡帳を電子化したい",
        "保育士が紙の連絡帳に毎日記入しており、保護者への連絡と欠席の電話対応が負担です。",
    ),
    "N2": (
        "道路の陥没を早く見つけたい",
        "道路のひび割れや陥没を職員が巡回で探しているが、市民からの通報を受ける仕組みがない。",
    ),
    "N3": (
        "一人暮らしの高齢者の見守りを強化したい",
        "民生委員が訪問して安否を確かめているが、人手が足りず、異変に気付くのが遅れる。",
    ),
    "N4": (
        "粗大ごみの申込と手数料の支払いを便利にしたい",
        "粗大ごみの申込は電話のみで、手数料は処理券をコンビニで購入する必要がある。",
    ),
}
SEEDS = {
    "S1": ("保育園向け連絡帳アプリ", "保護者がスマホから欠席連絡でき、保育士は連絡帳をタブレットで記入できます。"),
    "S2": (
        "道路損傷の市民投稿サービス",
        "市民がスマートフォンで道路の陥没やひび割れを撮影して投稿し、位置情報とともに通報できます。",
    ),
    "S3": (
        "独居高齢者の安否確認センサー",
        "電気の使用状況から一人暮らしのお年寄りの異変を検知し、家族や民生委員に知らせます。",
    ),
    "S4": (
        "大型ごみの受付とキャッシュレス決済",
        "大型ごみの回収をウェブで予約し、手数料をクレジットカードで支払えます。",
    ),
    "S5": ("ペット保険の比較サイト", "犬や猫の保険を比較して申し込めるサイトです。"),
    "S6": ("保育士の求人と採用支援", "保育士の採用に困っている保育所向けの求人サイトと面接代行です。"),
}
EMPTY_SEED = ("!!!", "😀😀😀")


def analysed(posts: dict[str, tuple[str, str]]) -> list[tuple[str, Analysed]]:
    return [(key, analyse(title, body)) for key, (title, body) in posts.items()]


def build(**kwargs: object) -> MatchIndex:
    seeds = analysed(SEEDS) + [("S_EMPTY", analyse(*EMPTY_SEED))]
    return MatchIndex.fit(analysed(NEEDS), seeds, SEED_SYNONYMS, **kwargs)  # type: ignore[arg-type]
