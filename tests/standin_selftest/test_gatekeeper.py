"""Which bot messages are refused, and which are only logged, by the gatekeeper."""

from __future__ import annotations

from tests.standin.gatekeeper import Gatekeeper
from tests.standin.problems import Kind, ViolationLog
from tests.standin.validate_messages import check_modal

SILENT: dict[str, list[str]] = {"parse": []}


def gatekeeper(*, strict: bool = True) -> tuple[Gatekeeper, ViolationLog]:
    log = ViolationLog()
    return Gatekeeper(log, require_allowed_mentions=strict), log


def test_silenced_message_passes() -> None:
    keeper, log = gatekeeper()
    assert keeper.vet_new("POST /x", {"content": "<@1> hi", "allowed_mentions": SILENT}) is None
    assert log.take() == []


def test_new_message_with_mention_and_no_allowed_mentions() -> None:
    keeper, log = gatekeeper()
    assert keeper.vet_new("POST /x", {"content": "<@1> hi"}) is None
    assert [v.kind for v in log.take()] == [Kind.WOULD_PING, Kind.MISSING_ALLOWED_MENTIONS]


def test_missing_allowed_mentions_check_can_be_switched_off() -> None:
    keeper, log = gatekeeper(strict=False)
    assert keeper.vet_new("POST /x", {"content": "plain"}) is None
    assert log.take() == []


def test_edits_only_need_allowed_mentions_when_they_set_content() -> None:
    keeper, log = gatekeeper()
    merged = {"content": "kept", "components": []}
    assert keeper.vet_edit("PATCH /x", {"components": []}, merged) is None
    assert log.take() == []
    assert keeper.vet_edit("PATCH /x", {"content": "<@1>"}, {"content": "<@1>"}) is None
    assert [v.kind for v in log.take()] == [Kind.MISSING_ALLOWED_MENTIONS]


def test_refusals_carry_discords_codes_and_paths() -> None:
    keeper, log = gatekeeper()
    empty = keeper.vet_edit(
        "PATCH /x", {"content": "", "allowed_mentions": SILENT}, {"content": ""}
    )
    assert empty is not None and empty.status == 400
    too_long = keeper.vet_new("POST /cb", {"content": "x" * 2001}, prefix=("data",))
    assert too_long is not None and too_long.status == 400
    assert isinstance(too_long.body, bytes) and b'"data":{"content"' in too_long.body
    assert [v.kind for v in log.take()] == [Kind.EMPTY_MESSAGE, Kind.INVALID_FORM_BODY]


def test_modal_limits() -> None:
    good = {"title": "Feedback", "custom_id": "fb", "components": [{"type": 1}]}
    assert check_modal(good) == []
    bad = {"title": "t" * 46, "custom_id": "", "components": []}
    assert [".".join(map(str, p.path)) for p in check_modal(bad)] == [
        "data.title",
        "data.custom_id",
        "data.components",
    ]
