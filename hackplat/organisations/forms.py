from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from hackplat.forms import max_length, required, strip_filter


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("却下の理由（申請者に伝わります）"), validators=[required(), max_length(1000)], filters=[strip_filter]
    )
