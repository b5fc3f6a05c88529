from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField

from hackplat.forms import BaseForm, VersionedForm, max_length, nfkc_filter, optional, required, strip_filter
from hackplat.startups.forms import founded_year_field


class RejectForm(BaseForm):
    reason = TextAreaField(
        _l("却下の理由（申請者に伝わります）"), validators=[required(), max_length(1000)], filters=[strip_filter]
    )


class ProfileForm(VersionedForm, BaseForm):
    """The profile members keep up to date (the address is checked by the service)."""

    profile = TextAreaField(_l("組織の紹介"), validators=[optional(), max_length(2000)], filters=[strip_filter])
    website = StringField(_l("ウェブサイト"), validators=[optional(), max_length(300)], filters=[nfkc_filter])
    is_startup = BooleanField(_l("スタートアップ（創業おおむね10年以内の成長志向の企業）"))
    founded_year = founded_year_field()
    profile_public = BooleanField(_l("実績ページを公開する（公開事例・公開シーズを一覧にした誰でも見られるページ）"))
