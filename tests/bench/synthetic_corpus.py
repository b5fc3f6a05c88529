"""Deterministic synthetic Japanese needs and seeds for benchmarks and load tests.

Posts are composed from sentence templates and municipal / IT vocabulary grouped by
theme, with Zipf-like word choice and a long tail of generated product, place and
organisation names, so that the vocabulary grows with the corpus as real text does
(a fixed word list would make every post share words and overstate scoring cost).
Needs average ~250 characters, seeds ~200.

    from tests.bench.synthetic_corpus import generate_corpus
    needs, seeds = generate_corpus(10_000, 100_000, seed=0)   # lists of dicts
    questions = generate_questions(30_000, seed=0)             # Q&A on needs: body, answer
"""

from __future__ import annotations

import random
from collections.abc import Sequence

__all__ = ["generate_corpus", "generate_needs", "generate_questions", "generate_seeds"]

THEMES: dict[str, list[str]] = {
    "子育て": [
        "保育所",
        "保育士",
        "子ども",
        "保護者",
        "連絡帳",
        "登園",
        "降園",
        "延長保育",
        "入所",
        "待機児童",
        "一時預かり",
        "子育て",
        "育児",
        "乳幼児",
        "健診",
        "母子手帳",
        "放課後",
        "児童",
        "学童",
        "ベビーシッター",
        "産後ケア",
        "離乳食",
        "予防接種",
        "ひとり親",
    ],
    "福祉": [
        "高齢者",
        "介護",
        "認知症",
        "見守り",
        "安否確認",
        "ケアマネジャー",
        "要介護",
        "デイサービス",
        "配食",
        "民生委員",
        "地域包括支援センター",
        "障害者",
        "手話",
        "点字",
        "車椅子",
        "移動支援",
        "生活保護",
        "相談員",
        "訪問",
        "孤立",
        "フレイル",
        "健康診断",
        "特定健診",
        "受診率",
    ],
    "防災": [
        "避難所",
        "避難",
        "防災",
        "災害",
        "地震",
        "津波",
        "浸水",
        "土砂災害",
        "ハザードマップ",
        "備蓄",
        "安否",
        "要支援者",
        "避難計画",
        "被害状況",
        "消防",
        "救急",
        "通報",
        "防災無線",
        "気象",
        "河川",
        "水位",
        "停電",
        "ドローン",
        "罹災証明",
    ],
    "環境": [
        "ごみ",
        "粗大ごみ",
        "分別",
        "リサイクル",
        "食品ロス",
        "脱炭素",
        "省エネ",
        "太陽光",
        "電力",
        "エネルギー",
        "温室効果ガス",
        "生物多様性",
        "緑地",
        "公園",
        "清掃",
        "不法投棄",
        "収集",
        "資源",
        "プラスチック",
        "電気自動車",
        "排出量",
    ],
    "交通": [
        "バス",
        "路線",
        "運転士",
        "乗客",
        "渋滞",
        "駐輪場",
        "駐車場",
        "自転車",
        "オンデマンド交通",
        "乗合",
        "タクシー",
        "時刻表",
        "運行",
        "遅延",
        "バリアフリー",
        "駅",
        "ホーム",
        "エレベーター",
        "歩道",
        "信号",
        "交差点",
        "事故",
        "観光地",
    ],
    "教育": [
        "学校",
        "教員",
        "児童生徒",
        "授業",
        "不登校",
        "学力",
        "学習",
        "図書館",
        "欠席",
        "連絡",
        "部活動",
        "給食",
        "教材",
        "タブレット",
        "校務",
        "成績",
        "通知表",
        "保護者会",
        "いじめ",
        "相談",
        "探究学習",
        "プログラミング",
    ],
    "手続": [
        "申請",
        "申込",
        "届出",
        "証明書",
        "住民票",
        "戸籍",
        "窓口",
        "待ち時間",
        "手数料",
        "マイナンバーカード",
        "本人確認",
        "電子申請",
        "押印",
        "書類",
        "様式",
        "審査",
        "許可",
        "交付",
        "予約",
        "問い合わせ",
        "コールセンター",
        "FAQ",
        "チャットボット",
        "電話",
    ],
    "インフラ": [
        "道路",
        "橋梁",
        "トンネル",
        "水道管",
        "漏水",
        "下水道",
        "街路灯",
        "不点灯",
        "点検",
        "補修",
        "老朽化",
        "舗装",
        "陥没",
        "公共施設",
        "建築物",
        "空き家",
        "修繕",
        "台帳",
        "図面",
        "占用",
        "工事",
        "劣化",
        "維持管理",
    ],
    "業務": [
        "職員",
        "業務",
        "効率化",
        "紙",
        "手作業",
        "入力",
        "集計",
        "帳票",
        "決裁",
        "文書管理",
        "会議",
        "テレワーク",
        "情報セキュリティ",
        "庁内",
        "問い合わせ",
        "人事",
        "給与",
        "勤怠",
        "契約",
        "請求書",
        "経費",
        "データ",
        "分析",
        "ペーパーレス",
    ],
    "観光": [
        "観光客",
        "訪日外国人",
        "多言語",
        "翻訳",
        "商店街",
        "キャッシュレス",
        "決済",
        "店舗",
        "イベント",
        "宿泊",
        "回遊",
        "にぎわい",
        "特産品",
        "ふるさと納税",
        "販促",
        "クーポン",
        "地域通貨",
        "混雑",
        "人流",
    ],
}
TECH = [
    "AI",
    "OCR",
    "IoT",
    "センサー",
    "クラウド",
    "アプリ",
    "スマートフォン",
    "LINE",
    "GIS",
    "位置情報",
    "カメラ",
    "画像解析",
    "音声認識",
    "RPA",
    "ノーコード",
    "データベース",
    "ダッシュボード",
    "ビーコン",
    "GPS",
    "衛星画像",
    "ドローン",
    "ブロックチェーン",
    "メタバース",
    "チャットボット",
    "機械学習",
    "予測モデル",
    "電子署名",
    "API",
]
VERBS = [
    "把握",
    "管理",
    "共有",
    "記録",
    "集計",
    "分析",
    "予測",
    "検知",
    "通知",
    "配信",
    "案内",
    "予約",
    "受付",
    "確認",
    "可視化",
    "自動化",
    "効率化",
    "削減",
    "改善",
    "支援",
]
PROBLEMS = [
    "職員の負担が大きくなっています",
    "対応に時間がかかっています",
    "情報が分散しています",
    "市民の利便性が低いとの声があります",
    "担当者によって対応にばらつきがあります",
    "繁忙期には窓口が大変混雑します",
    "紙の書類の保管場所も不足しています",
    "状況をリアルタイムで把握できていません",
    "人手不足で十分に対応できていません",
]
GENERAL = [
    "地域",
    "住民",
    "事業者",
    "担当課",
    "関係機関",
    "庁舎",
    "施設",
    "現場",
    "夜間",
    "休日",
    "季節",
    "年度",
    "予算",
    "計画",
    "方針",
    "制度",
    "基準",
    "条例",
    "要綱",
    "統計",
    "調査",
    "報告",
    "記録",
    "履歴",
    "台帳",
    "名簿",
    "地図",
    "写真",
    "動画",
    "音声",
    "文書",
    "資料",
    "掲示板",
    "広報",
    "回覧板",
    "説明会",
    "研修",
    "講座",
    "訓練",
    "相談会",
    "ボランティア",
    "自治会",
    "町内会",
    "商工会",
    "医師会",
    "学識者",
    "専門家",
    "外部委託",
    "費用",
    "財源",
    "補助金",
    "効果",
    "成果",
    "指標",
    "満足度",
    "利用率",
    "件数",
    "割合",
    "傾向",
    "課題",
    "要因",
    "背景",
    "目的",
    "仕組み",
    "体制",
    "役割",
    "連携",
    "協力",
    "参加",
    "周知",
    "啓発",
    "普及",
    "定着",
    "継続",
    "拡大",
    "品質",
    "安全",
    "安心",
    "信頼",
    "公平",
    "透明性",
    "迅速",
    "正確",
    "柔軟",
    "簡単",
    "便利",
    "快適",
    "負担",
    "手間",
    "時間",
    "場所",
    "端末",
    "回線",
    "通信",
    "電源",
    "機器",
    "設備",
    "車両",
    "倉庫",
    "在庫",
    "物品",
    "備品",
    "消耗品",
    "郵送",
    "封筒",
    "はがき",
    "窓口票",
]
ORGS = ["株式会社", "合同会社", "大学", "研究室", "NPO法人", "一般社団法人"]
SYLLABLES = list("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン")
SUFFIXES = ["区", "町", "台", "が丘", "本町"]


def _zipf_pick(rng: random.Random, words: Sequence[str]) -> str:
    """Early words are frequent, late words rare (roughly Zipf)."""
    i = int(len(words) * rng.random() ** 2.2)
    return words[min(i, len(words) - 1)]


def _name(rng: random.Random, parts: int = 3) -> str:
    """A generated katakana name: the long tail of product and place names."""
    return "".join(rng.choice(SYLLABLES) for _ in range(parts + rng.randrange(3)))


def _general(rng: random.Random) -> str:
    """A sentence of general administrative words: the broad middle of the vocabulary."""
    g = [rng.choice(GENERAL) for _ in range(5)]
    return rng.choice(
        [
            f"{g[0]}や{g[1]}の{g[2]}についても、{g[3]}と{g[4]}の観点から見直しが求められています。",
            f"{g[0]}と{g[1]}を組み合わせ、{g[2]}の{g[3]}に応じた{g[4]}を実現します。",
            f"{_name(rng, 2)}地区では{g[0]}の{g[1]}が進み、{g[2]}や{g[3]}への対応が{g[4]}の課題です。",
        ]
    )


def _topic_words(rng: random.Random, theme: str, n: int) -> list[str]:
    words = THEMES[theme]
    return [_zipf_pick(rng, words) for _ in range(n)]


def _c(rng: random.Random, options: str) -> str:
    """One of the space-separated ``options``: varies the frame words of templates."""
    return rng.choice(options.split())


def _need_sentences(rng: random.Random, w: list[str], tech: str, place: str) -> list[str]:
    """Candidate sentences of a need body; a post uses a few, so no phrasing dominates."""
    v = [rng.choice(VERBS) for _ in range(3)]
    g = [rng.choice(GENERAL) for _ in range(4)]
    return [
        f"現在、{place}では{w[0]}の{w[1]}を{_c(rng, '紙 電話 郵送 ファクス 窓口 表計算')}で行っており、"
        f"{rng.choice(PROBLEMS)}。",
        f"{w[0]}に関する{w[1]}は{_c(rng, '係員 担当者 少人数 ベテラン 非常勤')}の"
        f"{_c(rng, '手作業 経験 記憶 判断')}に頼っています。",
        f"特に{w[2]}については、{w[3]}との{_c(rng, '調整 確認 照合 やり取り')}が欠かせず、{rng.choice(PROBLEMS)}。",
        f"{w[4]}の{_c(rng, '問い合わせ 相談 苦情 申請 届出')}は年間{rng.randrange(100, 5000)}件ほどあります。",
        f"{w[2]}の{v[0]}には{rng.randrange(2, 30)}日以上かかることもあります。",
        f"{w[3]}を{v[1]}する{_c(rng, '仕組み 手段 体制 道具')}がなく、{rng.choice(PROBLEMS)}。",
        f"{tech}などを{_c(rng, '使って 生かして 取り入れて 用いて')}{w[0]}の{v[2]}を実現したいと考えています。",
        f"{w[1]}と{w[4]}の{_c(rng, '情報 記録 データ 書類')}を{_c(rng, 'まとめて 横断的に 一括で 同時に')}扱える方法を探しています。",
        f"令和{rng.randrange(5, 9)}年度中に{_c(rng, '実証 試行 検証 導入')}を行いたいと考えています。",
        f"{g[0]}の{g[1]}と協力して、{w[2]}の{_c(rng, '改善 向上 充実 強化')}につなげたいと思います。",
        f"{_c(rng, '他都市 先進自治体 民間企業 海外')}の事例も参考に、{w[0]}の{g[2]}を進める予定です。",
        f"{g[3]}の面でも{w[1]}の{_c(rng, '見直し 再編 効率化 標準化')}が求められています。",
        _general(rng),
    ]


def _need(rng: random.Random, i: int) -> dict[str, str]:
    theme = rng.choice(list(THEMES))
    w = _topic_words(rng, theme, 5)
    tech, verb = _zipf_pick(rng, TECH), rng.choice(VERBS)
    place = _name(rng, 2) + rng.choice(SUFFIXES)
    title = rng.choice(
        [
            f"{w[0]}の{w[1]}を{verb}したい",
            f"{w[0]}に関する{w[1]}の{verb}を進めたい",
            f"{place}における{w[0]}と{w[1]}の{verb}",
            f"{w[1]}の{verb}に{tech}を生かしたい",
            f"{w[0]}の{verb}で{w[2]}の手間を減らしたい",
        ]
    )
    sentences = _need_sentences(rng, w, tech, place)
    body = "".join(rng.sample(sentences, rng.randrange(5, 9)))
    return {"id": f"N{i:06d}", "title": title, "body": body}


def _seed_sentences(rng: random.Random, w: list[str], tech: str, tech2: str, product: str) -> list[str]:
    v = [rng.choice(VERBS) for _ in range(3)]
    g = [rng.choice(GENERAL) for _ in range(3)]
    kind = _c(rng, "サービス システム ツール 取り組み 研究 プラットフォーム 製品 技術")
    return [
        f"「{product}」は、{tech}を{_c(rng, '使って 活用して 用いて 応用して 組み込んで')}{w[0]}や{w[1]}の"
        f"{v[0]}を行う{rng.choice(ORGS)}の{kind}です。",
        f"{w[2]}の{_c(rng, '情報 記録 データ 履歴')}を{tech2}で{_c(rng, '一元的に 安全に 簡単に 自動で')}"
        f"{_c(rng, '管理 保存 共有 集約')}できます。",
        f"{_c(rng, '作業時間 費用 待ち時間 入力の手間')}を約{rng.randrange(20, 80)}%減らした例があります。",
        f"{w[3]}の{_c(rng, '状況 様子 進み具合 変化')}を{_c(rng, '手元の端末 スマートフォン パソコン タブレット')}から{v[1]}できます。",
        f"これまでに{rng.randrange(3, 120)}の団体や{_name(rng, 2)}などの{_c(rng, '企業 病院 学校 商店街 法人')}で{_c(rng, '導入 採用 利用')}されています。",
        f"詳しくは https://www.example.jp/{product.lower()} をご覧ください。",
        f"{w[0]}の分野で{rng.randrange(3, 20)}年の{_c(rng, '経験 実績 知見')}を持つ{_c(rng, '専門家 技術者 研究者 相談員')}が支えます。",
        f"{_c(rng, '初期費用 月額料金 導入期間')}を抑え、{_c(rng, '小さな規模 一部の課 試験運用')}から始められます。",
        f"{w[1]}の{g[0]}を{v[2]}し、{_c(rng, '改善点 成果 傾向 課題')}を{g[1]}として"
        f"{_c(rng, '報告 提示 公開 提供')}します。",
        f"{g[2]}にも{_c(rng, '対応 配慮 連携')}しています。",
        _general(rng),
    ]


def _seed(rng: random.Random, i: int) -> dict[str, str]:
    theme = rng.choice(list(THEMES))
    w = _topic_words(rng, theme, 4)
    tech, tech2, verb = _zipf_pick(rng, TECH), _zipf_pick(rng, TECH), rng.choice(VERBS)
    product = _name(rng)
    title = rng.choice(
        [
            f"{tech}で{w[0]}を{verb}する「{product}」",
            f"{w[0]}向け{tech}サービス",
            f"{tech}と{tech2}による{w[1]}の{verb}",
            f"{w[0]}の{w[1]}を{verb}する仕組み",
            f"「{product}」{w[1]}{verb}",
        ]
    )
    sentences = _seed_sentences(rng, w, tech, tech2, product)
    body = "".join([sentences[0]] + rng.sample(sentences[1:], rng.randrange(4, 7)))
    return {"id": f"S{i:07d}", "title": title, "body": body}


def generate_needs(n: int, seed: int = 0) -> list[dict[str, str]]:
    rng = random.Random(f"needs-{seed}")
    return [_need(rng, i) for i in range(n)]


def generate_seeds(n: int, seed: int = 0) -> list[dict[str, str]]:
    rng = random.Random(f"seeds-{seed}")
    return [_seed(rng, i) for i in range(n)]


def generate_corpus(n_needs: int, n_seeds: int, seed: int = 0) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """``n_needs`` needs and ``n_seeds`` seeds as dicts with id, title, body."""
    return generate_needs(n_needs, seed), generate_seeds(n_seeds, seed)


def _question(rng: random.Random) -> dict[str, str]:
    """A proposer's question about a need (質疑応答) and the department's answer."""
    w = _topic_words(rng, rng.choice(list(THEMES)), 3)
    tech = _zipf_pick(rng, TECH)
    body = rng.choice(
        [
            f"{w[0]}の{w[1]}は現在どの部署が担当していますか。{_general(rng)}",
            f"{w[0]}に関する{_c(rng, '件数 データ 記録 資料')}を提供いただくことは可能でしょうか。",
            f"{tech}を使う場合、{w[1]}の{_c(rng, '情報 データ 書類')}を外部に持ち出せますか。",
            f"実証の期間と{_c(rng, '予算 費用 人員 場所')}の想定を教えてください。{w[2]}の現状も伺えれば幸いです。",
        ]
    )
    answer = rng.choice(
        [
            f"{w[0]}は{_c(rng, '担当課 区役所 本庁 出先機関')}で対応しています。{_general(rng)}",
            f"{w[1]}の{_c(rng, '件数 記録 データ')}は年度ごとに集計しており、提供できます。",
            f"個人情報を含むため、{w[1]}の情報は{_c(rng, '匿名化して 庁内で 条件付きで')}扱っていただきます。",
            f"令和{rng.randrange(5, 9)}年度中の{rng.randrange(1, 12)}か月程度を想定しています。",
        ]
    )
    return {"body": body, "answer": answer}


def generate_questions(n: int, seed: int = 0) -> list[dict[str, str]]:
    """``n`` questions about needs with their answers (dicts with body, answer)."""
    rng = random.Random(f"questions-{seed}")
    return [_question(rng) for _ in range(n)]
