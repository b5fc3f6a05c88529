"""A proposer attaches a PDF to its proposal (on a phone, a wrong file first), another
organisation's member cannot get it, the department's staff download it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from playwright.sync_api import Page, expect

from hackplat.models import NeedStatus, ProposalStatus, Role, utcnow
from tests.attachments import samples
from tests.helpers.browser import assert_no_violations, enter_as

NAME = "提案書（最終版）.pdf"


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def choose(page: Page, name: str, content: bytes, mime: str) -> None:
    page.get_by_label("ファイルを添付する").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    page.get_by_role("button", name="添付する", exact=True).click()


def test_pdf_attached_refused_to_another_organisation_downloaded_by_the_department(
    new_page, make_user, make_department, make_organisation, make_need, make_proposal
) -> None:
    department = make_department("こども青少年局 保育対策課")
    staff = make_user(Role.STAFF, department=department)
    proposer_org, other_org = make_organisation("株式会社みなとテック"), make_organisation("他社株式会社")
    member, outsider = make_user(Role.MEMBER, organisation=proposer_org), make_user(Role.MEMBER, organisation=other_org)
    need = make_need(department=department, status=NeedStatus.OPEN, title="保育所入所手続のオンライン化",
                     deadline=(utcnow() + timedelta(days=30)).date())  # fmt: skip
    proposal = make_proposal(need, proposer_org, ProposalStatus.SUBMITTED, summary="申請をスマホで完結させる")

    company = new_page()
    company.set_viewport_size({"width": 390, "height": 844})
    enter_as(company, member.email)
    company.goto(f"/proposals/{proposal.id}")
    choose(company, "写真.pdf", samples.PNG, "application/pdf")  # a PNG named .pdf
    expect(company.get_by_text("ファイルの中身（PNG）と拡張子（.pdf）が一致しません")).to_be_visible()
    assert fits_the_screen(company)
    assert_no_violations(company)  # the upload page with its message
    choose(company, NAME, samples.PDF, "application/pdf")
    expect(company.get_by_text(f"「{NAME}」を添付しました。")).to_be_visible()
    expect(company.get_by_role("link", name=NAME, exact=True)).to_be_visible()
    assert fits_the_screen(company)
    company.set_viewport_size({"width": 1280, "height": 800})
    assert_no_violations(company)  # the proposal with its attachment
    download_url = company.get_by_role("link", name=NAME, exact=True).get_attribute("href")
    assert download_url is not None

    other = new_page()
    enter_as(other, outsider.email)
    assert other.request.get(download_url).status == 404
    assert other.goto(f"/proposals/{proposal.id}").status == 403  # the proposal itself is refused too

    city = new_page()
    enter_as(city, staff.email)
    city.goto(f"/proposals/{proposal.id}")
    with city.expect_download() as download_info:
        city.get_by_role("link", name=NAME, exact=True).click()
    download = download_info.value
    assert download.suggested_filename == NAME
    with open(download.path(), "rb") as handle:
        assert handle.read() == samples.PDF
    response = city.request.get(download_url)
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert f"filename*=UTF-8''{quote(NAME)}" in response.headers["content-disposition"]

    company.set_viewport_size({"width": 390, "height": 844})  # the proposer deletes it, after a confirmation
    company.goto(f"/proposals/{proposal.id}")
    company.get_by_role("link", name=f"「{NAME}」を削除する").click()
    expect(company.get_by_text("削除したファイルは元に戻せません")).to_be_visible()
    assert fits_the_screen(company)
    assert_no_violations(company)  # the confirmation page
    company.get_by_role("button", name="削除する").click()
    expect(company.get_by_text(f"「{NAME}」を削除しました。")).to_be_visible()
    expect(company.get_by_role("link", name=NAME, exact=True)).to_have_count(0)
