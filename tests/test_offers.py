import pytest

from operator_assist.core.events import EventKind as K
from operator_assist.core.offer_sources import Offer, PollResult
from operator_assist.core.offers import FINISH_REQUEST_FIRST, OfferError, OfferWorkflow
from operator_assist.messages import say

OFFER = Offer("demo.family", "Семейный тариф", "Вы можете объединить номера близких…")


@pytest.fixture
def workflow(engine, clock):
    return OfferWorkflow(clock, engine.bus, source_name="demo")


def of(events, kind):
    return [e.data for e in events if e.kind is kind]


def test_grey_without_offer_red_with_one_in_a_call(engine, workflow):
    assert workflow.view().kind == "none"
    workflow.set_offer(OFFER)
    view = workflow.view()  # between calls: no blinking, and no card to open
    assert view.kind == "none" and "будет в звонке" in view.caption and view.title == ""
    engine.start_call()
    view = workflow.view()
    assert view.kind == "offer" and "Семейный тариф" in view.caption and "красный" in view.tooltip
    engine.end_call()
    view = workflow.view()  # shown, no outcome: the lamp asks about the call that ended (issue 14, item 1)
    assert view.kind == "pending" and "будет в звонке" not in view.caption and view.title == ""


def test_offer_shown_once_per_offer_per_call(engine, workflow, events):
    engine.start_call()
    workflow.set_offer(OFFER)
    workflow.set_offer(OFFER)
    workflow.set_offer(None)
    workflow.set_offer(OFFER)
    assert of(events, K.OFFER_SHOWN) == [{"offer_id": "demo.family", "source": "demo"}]
    engine.end_call()
    engine.start_call()  # an offer already there when the call starts is shown in the new call
    assert len(of(events, K.OFFER_SHOWN)) == 2


def test_the_request_comes_before_the_offer(engine, workflow, events):
    engine.start_call()
    workflow.set_offer(OFFER)
    assert workflow.view().reminder == say(FINISH_REQUEST_FIRST)
    with pytest.raises(OfferError, match="service request first"):
        workflow.record_outcome("accepted")
    assert workflow.register_request()
    assert not workflow.register_request()  # once per call
    assert workflow.view().reminder == ""
    workflow.record_outcome("accepted")
    view = workflow.view()  # decided: grey again, and the caption says why
    assert view.kind == "none" and view.decided == "accepted" and "итог записан" in view.caption
    assert of(events, K.SERVICE_REQUEST_REGISTERED) == [{"origin": "window"}]
    assert of(events, K.OFFER_OUTCOME) == [{"offer_id": "demo.family", "outcome": "accepted", "reason": None, "origin": "window"}]
    with pytest.raises(OfferError, match="already recorded"):
        workflow.record_outcome("declined")


@pytest.mark.parametrize(
    "reason, words",
    [("complaint", "претензионный клиент"), ("lost_phone", "блокировка при утере телефона"), ("siebel_down", "нет доступа в Siebel")],
)
def test_each_suppression_reason_shows_and_blocks_voicing(engine, workflow, events, reason, words):
    engine.start_call()
    workflow.set_offer(OFFER)
    workflow.register_request()
    assert workflow.set_flag(reason, True)
    assert not workflow.set_flag(reason, True)
    view = workflow.view()
    assert view.kind == "suppressed" and words in view.caption and view.reasons == (reason,)
    assert of(events, K.OFFER_SUPPRESSED) == [{"offer_id": "demo.family", "reason": reason, "origin": "window"}]
    with pytest.raises(OfferError, match="must not be voiced"):
        workflow.record_outcome("declined")
    workflow.record_outcome("not_voiced")
    assert of(events, K.OFFER_OUTCOME) == [{"offer_id": "demo.family", "outcome": "not_voiced", "reason": reason, "origin": "window"}]


def test_a_suppressed_offer_is_recorded_not_voiced_before_the_call_closes(engine, workflow, events):
    engine.start_call()
    workflow.set_offer(OFFER)
    workflow.set_flag("lost_phone", True)
    engine.end_call()
    kinds = [e.kind for e in events]
    assert kinds.index(K.OFFER_OUTCOME) < kinds.index(K.CALL_ENDED)
    assert of(events, K.OFFER_OUTCOME) == [{"offer_id": "demo.family", "outcome": "not_voiced", "reason": "lost_phone", "origin": "window"}]


def test_toggles_and_request_reset_when_the_call_ends(engine, workflow):
    engine.start_call()
    workflow.set_flag("complaint", True)
    workflow.register_request()
    engine.end_call()
    assert workflow.flags == [] and not workflow.request_registered
    assert not workflow.set_flag("complaint", True)  # outside a call
    engine.start_call()
    assert workflow.flags == [] and workflow.view().kind == "none"


def test_suppressed_without_offer_still_shows_the_reason(engine, workflow):
    engine.start_call()
    workflow.set_flag("siebel_down", True)
    assert workflow.view().kind == "suppressed"
    with pytest.raises(OfferError, match="no offer"):
        workflow.record_outcome("not_voiced")


def test_unknown_reason_and_outcome_are_rejected(engine, workflow):
    engine.start_call()
    with pytest.raises(ValueError):
        workflow.set_flag("tired", True)
    workflow.set_offer(OFFER)
    with pytest.raises(ValueError):
        workflow.record_outcome("maybe")


def test_a_failing_source_turns_grey_with_a_status_and_recovers(engine, workflow, events, clock):
    engine.start_call()
    workflow.apply(PollResult(OFFER, None, clock.now()))
    workflow.apply(PollResult(None, "no answer within 2 s", clock.now()))
    workflow.apply(PollResult(None, "no answer within 2 s", clock.now()))
    view = workflow.view()
    assert view.kind == "unavailable" and "источник предложений недоступен" in view.caption
    assert of(events, K.OFFER_SOURCE_FAILED) == [{"source": "demo", "error": "timeout"}]  # once per failure
    workflow.apply(PollResult(OFFER, None, clock.now()))
    assert workflow.view().kind == "offer"
    workflow.apply(PollResult(None, "OfferSourceError: http://10.1.2.3/x: refused", clock.now()))
    assert of(events, K.OFFER_SOURCE_FAILED)[-1] == {"source": "demo", "error": "OfferSourceError"}
