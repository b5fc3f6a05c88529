"""Japanese (translatable) labels of the paths' own values."""

from flask_babel import lazy_gettext as _l

from hackplat.models.support_paths import CheckInStatus

CHECK_IN_STATUS_LABELS = {
    CheckInStatus.ON_TRACK: _l("順調"),
    CheckInStatus.ATTENTION: _l("注意"),
    CheckInStatus.DELAYED: _l("遅延"),
}
