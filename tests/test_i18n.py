"""The English locale: chosen by the visitor (the ``lang=en`` cookie), complete, and
never leaking into the Japanese default.

Japanese is the source language: every msgid is Japanese and the English catalogue is
hackplat/translations/en/LC_MESSAGES/messages.po. The compiled .mo is not in git; the
session fixture below builds it when it is missing or stale, so a bare ``pytest`` works
without scripts/bootstrap.sh.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale

from hackplat.config import REPO_ROOT
from hackplat.models import Role
from tests.conftest import PASSWORD
from tests.helpers.i18n import JAPANESE, PO_FILE, compile_catalogue, japanese_in, text_of

#: English pages need the compiled catalogue (see tests/conftest.py).
pytestmark = pytest.mark.usefixtures("english_catalogue")

BABEL_CFG = REPO_ROOT / "babel.cfg"
#: The keywords `pybabel extract -k _l -k lazy_gettext -k lazy_pgettext:1c,2` adds to Babel's defaults.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_pgettext": ((1, "c"), 2)}
#: A message as extracted: its msgid and its context (pgettext), None without one.
Message = tuple[str, str | None]

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")

# --- the compiled catalogue ---------------------------------------------------------


def test_stale_or_missing_catalogue_is_compiled(tmp_path: Path) -> None:
    po_file, mo_file = tmp_path / "messages.po", tmp_path / "messages.mo"
    po_file.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "ホーム"\nmsgstr "Home"\n',
        encoding="utf-8",
    )
    assert compile_catalogue(po_file, mo_file)
    assert mo_file.stat().st_size > 0
    assert not compile_catalogue(po_file, mo_file)  # up to date: left alone
    os.utime(mo_file, (0, 0))
    assert compile_catalogue(po_file, mo_file)


# --- helpers ------------------------------------------------------------------------


def page(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def main_navigation(markup: str) -> str:
    header = re.search(r'<header class="site-header">.*?</header>', markup, flags=re.S)
    assert header, "no site header"
    return header.group(0)


def field_error(markup: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', markup, flags=re.S)
    assert match, f"no error shown for {field_id}"
    return html.unescape(match.group(1))


@pytest.fixture
def english(client: Any) -> Any:
    """The client after the visitor chose English."""
    response = client.get("/language/en")
    assert response.status_code == 302
    assert "lang=en" in response.headers["Set-Cookie"]
    return client


REGISTRATION = {
    "kind": "company",
    "name": "Minato Test Ltd.",
    "corporate_number": "",
    "profile": "",
    "contact_name": "Taro Minato",
    "email": "taro@example.jp",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
}

# --- English when chosen --------------------------------------------------------------


def test_home_page_in_english(english: Any) -> None:
    body = page(english, "/")
    assert '<html lang="en">' in body
    assert "Solving the city's challenges with everyone's technology." in text_of(body)
    assert "See the programme's progress" in body  # the figures themselves are on /programme
    assert "Register your organisation" in body
    assert japanese_in(body) == []
    # the switch back to Japanese, itself in Japanese
    assert '<p lang="ja">' in body
    assert "/language/ja" in body


def test_login_page_in_english(english: Any) -> None:
    body = page(english, "/login")
    assert '<html lang="en">' in body
    assert '<button type="submit" class="button">Sign in</button>' in body
    assert ">Email address</label>" in body
    assert ">Password</label>" in body
    assert "Joining as an organisation for the first time?" in body
    assert japanese_in(body) == []


def test_registration_page_in_english(english: Any) -> None:
    body = page(english, "/register")
    assert '<html lang="en">' in body
    assert "<h1>Register your organisation</h1>" in body
    assert "Corporate Number (13 digits, if you have one)" in body
    assert '<option value="university">University / research institute</option>' in body
    assert "Apply for registration" in body
    assert japanese_in(body) == []


def test_main_navigation_has_no_japanese_for_anyone(english: Any, login: Callable, make_user: Callable) -> None:
    nav = main_navigation(page(english, "/"))
    assert ">Needs</a>" in nav
    assert ">Seeds</a>" in nav
    assert ">Register</a>" in nav
    assert japanese_in(nav) == []
    for role in (Role.MEMBER, Role.STAFF, Role.COORDINATOR, Role.ADMIN):
        login(make_user(role))
        nav = main_navigation(page(english, "/me"))
        assert ">My page</a>" in nav
        assert "Sign out</button>" in nav
        assert japanese_in(nav) == [], role
        english.submit("/logout")


def test_flash_and_role_label_after_sign_in(english: Any, login_by_form: Callable, make_user: Callable) -> None:
    login_by_form(make_user(Role.COORDINATOR))
    body = page(english, "/me")
    assert "You are signed in." in body
    assert "<h1>My page</h1>" in body
    assert "<dd>Coordinator</dd>" in body
    assert ">Organisation review</a>" in body


def test_lazy_sign_in_prompt_follows_the_visitor(english: Any) -> None:
    """``login_manager.login_message`` is a lazy string made at start-up: it must be
    translated per request, not frozen in the language of the first one."""
    response = english.get("/me")
    assert response.status_code == 302
    assert "Please sign in to see this page." in page(english, "/login")


def test_refused_registration_shows_english_field_errors(english: Any) -> None:
    data = {
        **REGISTRATION,
        "kind": "government",
        "name": "",
        "email": "not-an-email",
        "corporate_number": "1234567890123",
        "password_confirm": "Something-Else-42",
    }
    response = english.submit("/register", data)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert '<html lang="en">' in body
    assert "Please check what you entered." in body
    # WTForms' own message, from its catalogue, in English
    assert "Not a valid choice." in field_error(body, "kind")
    assert field_error(body, "name") == "This field is required."
    assert field_error(body, "email") == "Please enter a valid email address."
    assert "correct leading check digit" in field_error(body, "corporate_number")
    assert field_error(body, "password_confirm") == "The passwords do not match."
    assert japanese_in(body) == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "The password must be at least 12 characters long."),
        ("password1234", "Common or easily guessed passwords cannot be used."),
    ],
)
def test_password_policy_refusal_in_english(english: Any, password: str, message: str) -> None:
    response = english.submit("/register", {**REGISTRATION, "password": password, "password_confirm": password})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in field_error(body, "password")
    assert japanese_in(body) == []


def test_length_limit_message_keeps_its_number(english: Any) -> None:
    body = english.submit("/register", {**REGISTRATION, "name": "a" * 201}).get_data(as_text=True)
    assert field_error(body, "name") == "Please enter no more than 200 characters."


def test_domain_error_in_english(english: Any) -> None:
    """A refusal raised by the service (a known address is no refusal: it answers as a new one)."""
    weak = {**REGISTRATION, "password": "password1234", "password_confirm": "password1234"}
    body = english.submit("/register", weak).get_data(as_text=True)
    assert field_error(body, "password").startswith("Common or easily guessed passwords cannot be used.")


def test_error_pages_in_english(english: Any, make_user: Callable, login: Callable) -> None:
    body = page(english, "/no-such-page", 404)
    assert '<html lang="en">' in body
    assert "<h1>Page not found</h1>" in body
    assert "The page you were looking for could not be found." in body
    assert "Error code: 404" in body
    assert "Back to home" in body
    assert japanese_in(body) == []
    # a refusal raised by a service (PermissionDenied) and a 405
    login(make_user(Role.MEMBER))
    body = page(english, "/admin/users", 403)
    assert "<h1>Access denied</h1>" in body
    assert japanese_in(body) == []
    assert "<h1>Action not allowed</h1>" in page(english, "/logout", 405)


def test_english_csrf_refusal(english: Any) -> None:
    response = english.post("/register", data=REGISTRATION)  # no token
    assert response.status_code == 400
    assert "The form has expired or the submission was not valid." in response.get_data(as_text=True)


def test_a_template_in_an_english_request_follows_a_forced_locale_and_back(app: Any) -> None:
    """The templates' translations are looked up once per request and locale
    (hackplat/i18n.py): a notification written in Japanese inside an English request
    (force_locale) is Japanese, and the page around it English again."""
    template = '{{ _("サインイン") }} {{ pgettext("plural", "課題") }} {{ _("%(count)s件", count=2) }}'
    with app.app_context(), app.test_request_context(headers={"Cookie": "lang=en"}):  # a request of its own
        english = render_template_string(template)
        with force_locale("ja"):
            assert render_template_string(template) == "サインイン 課題 2件"
        assert render_template_string(template) == english
    assert english.startswith("Sign in Needs 2")
    assert not japanese_in(english)
    with app.app_context(), app.test_request_context():
        assert render_template_string(template) == "サインイン 課題 2件"


# --- Japanese by default ------------------------------------------------------------


def test_japanese_without_the_cookie(client: Any) -> None:
    for url in ("/", "/login", "/register"):
        body = page(client, url)
        assert '<html lang="ja">' in body, url
        assert "Sign in" not in body, url
        assert "Register" not in body, url
        assert ">サインイン</a>" in main_navigation(body)
    assert '<button type="submit" class="button">サインイン</button>' in page(client, "/login")
    body = page(client, "/no-such-page", 404)
    assert "ページが見つかりません" in body
    assert "Page not found" not in body


def test_refused_registration_stays_japanese_without_the_cookie(client: Any) -> None:
    data = {**REGISTRATION, "kind": "government", "name": "", "password": "short", "password_confirm": "short"}
    body = client.submit("/register", data).get_data(as_text=True)
    assert field_error(body, "name") == "入力してください。"
    assert "Not a valid choice." not in field_error(body, "kind")
    assert "This field is required." not in body


def test_japanese_can_be_chosen_back_and_unknown_codes_are_ignored(english: Any) -> None:
    assert '<html lang="en">' in page(english, "/")
    english.get("/language/ja")
    assert '<html lang="ja">' in page(english, "/")
    english.set_cookie("lang", "fr")
    assert '<html lang="ja">' in page(english, "/")
    english.get("/language/fr")  # not offered: the cookie is left as it was
    assert '<html lang="ja">' in page(english, "/")


# --- the catalogue is complete --------------------------------------------------------


def extracted_messages() -> dict[Message, list[str]]:
    """(msgid, context) -> where it is used, extracted from the code as babel.cfg says."""
    with BABEL_CFG.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(BABEL_CFG))
    found: dict[Message, list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(REPO_ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        for msgid in (message,) if isinstance(message, str) else message:
            if msgid:
                found.setdefault((msgid, context), []).append(f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def code_messages() -> dict[Message, list[str]]:
    return extracted_messages()


@pytest.fixture(scope="module")
def english_po() -> Any:
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="en")


def test_extraction_finds_the_ui(code_messages: dict[Message, list[str]]) -> None:
    """A sanity check on the extraction itself: Python, lazy strings, contexts and templates."""
    assert ("ホーム", None) in code_messages  # templates/base.html
    assert ("入力してください。", None) in code_messages  # _l() in hackplat/forms.py
    assert ("サインインしました。", None) in code_messages  # _() in a view
    assert ("課題", "need field") in code_messages  # lazy_pgettext() in hackplat/needs/forms.py
    assert ("課題", "plural") in code_messages  # pgettext() in templates/base.html
    matcher_web = tuple(f"hackplat/matching/{name}.py:" for name in ("views", "forms", "synonym_services"))
    assert ("「%(seed)s」を招待候補にしました。", None) in code_messages  # the matcher's web layer is extracted ...
    assert not any("hackplat/matching/" in where and not where.startswith(matcher_web)  # ... its core is not
                   for places in code_messages.values() for where in places)  # fmt: skip
    assert not any(".venv" in where for places in code_messages.values() for where in places)


def test_every_message_has_an_english_translation(code_messages: dict[Message, list[str]], english_po: Any) -> None:
    missing = []
    for (msgid, context), places in sorted(code_messages.items(), key=lambda item: item[1][0]):
        entry = english_po.get(msgid, context=context)
        if entry is None or not entry.string or not str(entry.string).strip() or entry.fuzzy:
            why = "absent from messages.po" if entry is None else "fuzzy" if entry.fuzzy else "empty msgstr"
            missing.append(f"{places[0]}: {msgid!r} ({why})")
    assert not missing, (
        f"{len(missing)} message(s) without an English translation; run the extract and update "
        "commands in babel.cfg and translate them in "
        + str(PO_FILE.relative_to(REPO_ROOT))
        + ":\n"
        + "\n".join(missing)
    )


def test_translations_keep_placeholders_and_are_english(english_po: Any) -> None:
    problems = []
    for entry in english_po:
        if not entry.id or not entry.string:
            continue
        if sorted(PLACEHOLDER.findall(entry.id)) != sorted(PLACEHOLDER.findall(entry.string)):
            problems.append(f"placeholders differ: {entry.id!r} -> {entry.string!r}")
        if JAPANESE.search(entry.string):
            problems.append(f"Japanese left in the translation: {entry.id!r} -> {entry.string!r}")
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.id!r}")
    assert not problems, "\n".join(problems)
