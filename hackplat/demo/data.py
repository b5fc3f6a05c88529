"""The demo's departments, organisations and accounts (fictional people and bodies;
the bureaus and wards are the City of Yokohama's)."""

from __future__ import annotations

from hackplat.models import OrganisationKind as K

#: One password for every demo account: local use only, listed in the README.
DEMO_PASSWORD = "Minatomirai-demo-2026"

BUREAUS = [
    "デジタル統括本部", "政策経営局", "総務局", "財政局", "国際局", "市民局",
    "にぎわいスポーツ文化局", "経済局", "こども青少年局", "健康福祉局", "医療局",
    "みどり環境局", "資源循環局", "建築局", "都市整備局", "道路局", "港湾局",
    "消防局", "水道局", "交通局", "教育委員会事務局",
]  # fmt: skip

WARDS = [
    "鶴見区", "神奈川区", "西区", "中区", "南区", "港南区", "保土ケ谷区", "旭区", "磯子区",
    "金沢区", "港北区", "緑区", "青葉区", "都筑区", "戸塚区", "栄区", "泉区", "瀬谷区",
]  # fmt: skip

#: (section, the bureau or ward it belongs to)
SECTIONS = [
    ("デジタル統括本部 デジタル・デザイン室", "デジタル統括本部"),
    ("こども青少年局 保育対策課", "こども青少年局"),
    ("健康福祉局 高齢健康福祉課", "健康福祉局"),
    ("総務局 危機管理室", "総務局"),
    ("市民局 窓口サービス課", "市民局"),
    ("資源循環局 家庭系対策課", "資源循環局"),
    ("港北区 戸籍課", "港北区"),
    ("青葉区 区政推進課", "青葉区"),
]

#: (email, name, role, department)
CITY_ACCOUNTS = [
    ("admin@example.jp", "管理 太郎", "admin", "デジタル統括本部"),
    ("coordinator@example.jp", "調整 花子", "coordinator", "デジタル統括本部 デジタル・デザイン室"),
    ("staff@example.jp", "保育 一郎", "staff", "こども青少年局 保育対策課"),
    ("staff2@example.jp", "窓口 二葉", "staff", "市民局 窓口サービス課"),
]

#: (name, kind, startup, 12 base digits of the 法人番号 or None, member email, member name,
#:  status, profile)
ORGANISATIONS = [
    ("株式会社みなとテック", K.COMPANY, False, "020001012345", "member@example.jp", "港 健太", "approved",
     "行政向けのクラウドサービスと業務改善コンサルティングを手がけるIT企業です。"),
    ("横浜データラボ株式会社", K.COMPANY, False, "020001023456", "datalab@example.jp", "統計 美咲", "approved",
     "オープンデータの整備・分析と可視化ダッシュボードの開発を行っています。"),
    ("株式会社ケアリンク", K.COMPANY, True, "020001034567", "carelink@example.jp", "介護 翔", "approved",
     "IoTセンサーで高齢者の見守りを支えるスタートアップです。"),
    ("株式会社ソナエル", K.COMPANY, True, "020001045678", "sonaeru@example.jp", "防災 結衣", "approved",
     "災害時の避難所運営と安否確認をスマートフォンで支援するサービスを開発しています。"),
    ("株式会社ポケット窓口", K.COMPANY, True, None, "pocket@example.jp", "申請 大和", "approved",
     "スマートフォンで完結する行政手続きのフォーム作成サービスを提供しています。"),
    ("横浜みらい大学 都市データ科学研究室", K.UNIVERSITY, False, "020005012345", "univ@example.jp",
     "研究 理恵", "approved", "都市の人流データと自然言語処理を研究しています。"),
    ("港南工科大学 福祉工学研究所", K.UNIVERSITY, False, "020005023456", "konan-u@example.jp",
     "工学 悠斗", "approved", "高齢者と障害のある方の生活を支える技術を研究しています。"),
    ("NPO法人 子育てひろばネット", K.NPO, False, "020005034567", "hiroba@example.jp", "保育 さくら",
     "approved", "地域の子育てひろばを運営し、保護者向けの情報発信を行っています。"),
    ("NPO法人 地域見守りサポート", K.NPO, False, None, "mimamori@example.jp", "地域 誠", "approved",
     "自治会と連携した高齢者の見守り活動を支援しています。"),
    ("一般社団法人 横浜オープンデータ推進協議会", K.OTHER, False, "020005045678", "opendata@example.jp",
     "公開 亮", "approved", "行政データの公開と利活用を推進する団体です。"),
    ("株式会社ハマドローン", K.COMPANY, True, "020001056789", "drone@example.jp", "空撮 蓮", "pending",
     "ドローンによるインフラ点検サービスを開発しています。"),
    ("青葉まちづくりNPO", K.NPO, False, None, "aoba@example.jp", "青葉 陽菜", "pending",
     "郊外部の移動支援とまちづくりに取り組んでいます。"),
    ("有限会社サンプル商事", K.OTHER, False, None, "sample@example.jp", "見本 太一", "rejected",
     "事業内容の記載がありません。"),
]  # fmt: skip
