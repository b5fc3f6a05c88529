"""Who may do what, in one place: one module per aggregate, each pairing its small
predicates (``can_view_need(user, need)``: one object, used by services, which enforce
them, and by templates, which only hide what would be refused anyway) with the same rule
as a WHERE clause (``visible_needs(user)``: the rows a list may show). Deny by default: a
predicate says yes only for the cases it names. tests/test_visibility_agreement.py
checks that each filter selects exactly the rows its predicate allows."""

from __future__ import annotations

from hackplat.permissions.accounts import (
    can_change_role,
    can_edit_organisation_profile,
    can_edit_targets,
    can_manage_colleagues,
    can_manage_departments,
    can_manage_users,
    can_review_organisations,
    can_view_colleagues,
    can_view_dashboard,
    can_view_organisation,
    can_view_organisation_profile,
)
from hackplat.permissions.jobs import can_view_job
from hackplat.permissions.knowledge import (
    can_consent_for_department,
    can_consent_for_organisation,
    can_edit_case,
    can_view_case,
    visible_cases,
)
from hackplat.permissions.labs import can_edit_lab
from hackplat.permissions.lessons import (
    can_read_lessons,
    can_show_interest,
    can_withdraw_interest,
    can_write_lesson,
)
from hackplat.permissions.matching import can_give_match_feedback, can_manage_matcher, can_see_suggestions
from hackplat.permissions.needs import (
    can_create_need,
    can_edit_need,
    can_see_need_contact,
    can_see_proposals_of,
    can_view_need,
    editable_needs,
    visible_needs,
)
from hackplat.permissions.pilots import (
    can_confirm_measurement,
    can_create_pilot,
    can_manage_pilot,
    can_propose_measurement,
    can_view_pilot,
    visible_pilots,
)
from hackplat.permissions.proposals import (
    can_decide_proposal,
    can_edit_proposal,
    can_evaluate_for,
    can_evaluate_proposal,
    can_propose,
    can_view_proposal,
    editable_proposals,
    visible_proposals,
)
from hackplat.permissions.questions import (
    can_answer_question,
    can_ask_proposer,
    can_ask_question,
    can_edit_question,
    can_view_question,
    visible_questions,
)
from hackplat.permissions.roles import (
    is_admin,
    is_coordinator,
    is_member,
    is_member_of,
    is_signed_in,
    is_staff,
    is_staff_of,
    require,
)
from hackplat.permissions.seeds import can_create_seed, can_edit_seed, can_view_seed, editable_seeds, visible_seeds
from hackplat.permissions.startups import can_mentor_startups
from hackplat.permissions.support import (
    can_draft_need_from_request,
    can_join_support_request,
    can_open_support_request,
    can_triage_support_requests,
    can_view_support_request,
    can_withdraw_support_request,
)
from hackplat.permissions.support_paths import can_check_in, can_run_support_paths, can_view_project_support
from hackplat.permissions.workgroups import (
    answerable_memberships,
    can_add_group_record,
    can_form_working_group,
    can_manage_working_group,
    can_read_group_records,
    can_respond_to_invitation,
    can_view_working_group,
    is_group_member,
    membership_of,
    visible_groups,
)

__all__ = [
    "answerable_memberships",
    "can_add_group_record",
    "can_answer_question",
    "can_ask_proposer",
    "can_ask_question",
    "can_change_role",
    "can_check_in",
    "can_create_need",
    "can_confirm_measurement",
    "can_consent_for_department",
    "can_consent_for_organisation",
    "can_create_pilot",
    "can_create_seed",
    "can_decide_proposal",
    "can_draft_need_from_request",
    "can_edit_case",
    "can_edit_lab",
    "can_edit_need",
    "can_edit_organisation_profile",
    "can_edit_proposal",
    "can_edit_question",
    "can_edit_seed",
    "can_edit_targets",
    "can_evaluate_for",
    "can_evaluate_proposal",
    "can_form_working_group",
    "can_give_match_feedback",
    "can_join_support_request",
    "can_manage_colleagues",
    "can_manage_departments",
    "can_manage_matcher",
    "can_mentor_startups",
    "can_manage_pilot",
    "can_manage_users",
    "can_manage_working_group",
    "can_open_support_request",
    "can_propose",
    "can_propose_measurement",
    "can_read_group_records",
    "can_read_lessons",
    "can_respond_to_invitation",
    "can_review_organisations",
    "can_run_support_paths",
    "can_see_need_contact",
    "can_see_proposals_of",
    "can_see_suggestions",
    "can_show_interest",
    "can_triage_support_requests",
    "can_view_case",
    "can_view_colleagues",
    "can_view_dashboard",
    "can_view_job",
    "can_view_need",
    "can_view_organisation",
    "can_view_organisation_profile",
    "can_view_pilot",
    "can_view_proposal",
    "can_view_project_support",
    "can_view_question",
    "can_view_seed",
    "can_view_support_request",
    "can_view_working_group",
    "can_withdraw_interest",
    "can_withdraw_support_request",
    "can_write_lesson",
    "editable_needs",
    "editable_proposals",
    "editable_seeds",
    "is_admin",
    "is_coordinator",
    "is_group_member",
    "is_member",
    "is_member_of",
    "is_signed_in",
    "is_staff",
    "is_staff_of",
    "membership_of",
    "require",
    "visible_cases",
    "visible_groups",
    "visible_needs",
    "visible_pilots",
    "visible_proposals",
    "visible_questions",
    "visible_seeds",
]

#: What templates may ask (``can.review_organisations(current_user)``).
TEMPLATE_PREDICATES = {
    name.removeprefix("can_"): fn
    for name, fn in list(globals().items())
    if name.startswith(("can_", "is_")) and callable(fn)
}
