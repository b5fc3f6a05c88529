"""What the need's page shows of its questions: at most SECTION_SIZE published answers,
how many there are in all, and, to the department and the office, how many wait."""

from __future__ import annotations

import pytest

from hackplat.extensions import db
from hackplat.questions import services
from hackplat.questions.queries import SECTION_SIZE, need_section


def _ask(cast, n: int, *, answered: bool, publish: bool = True) -> None:
    for i in range(n):
        question = services.ask_question(
            cast.need, f"質問{i}{answered}{publish}について教えてください。", actor=cast.member
        )
        if answered:
            services.answer_question(
                question, "回答です。", publish=publish, expected_version=question.version, actor=cast.staff
            )
    db.session.commit()


@pytest.mark.parametrize("published", [0, 3, SECTION_SIZE, SECTION_SIZE + 2])
def test_the_section_counts_published_answers_and_waiting_questions(cast, published: int) -> None:
    _ask(cast, published, answered=True)
    _ask(cast, 2, answered=False)
    _ask(cast, 1, answered=True, publish=False)
    for viewer, waiting in ((cast.staff, 2), (cast.coordinator, 2), (None, 0), (cast.other_member, 0)):
        section = need_section(cast.need, viewer)
        assert len(section.published) == min(published, SECTION_SIZE)
        assert section.published_total == published
        assert section.waiting == waiting
