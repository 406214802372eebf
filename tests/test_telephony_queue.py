"""The bounded queue between a call source's thread and the GUI thread (no Qt)."""

from __future__ import annotations

import threading
import time

from operator_assist.core.call_sources import LinkStatus
from operator_assist.core.telephony import TelephonyEvent
from operator_assist.core.telephony_queue import EventQueue, Reply, Verdict


def event(kind, call="c1", by="agent"):
    return TelephonyEvent(kind, call, 1.0, "2001", by, "test")


def test_normal_traffic_passes_whole_and_in_order_and_wakes_once():
    queue = EventQueue()
    items = [event("call_answered"), event("hold_started"), event("hold_ended"), event("hold_started")]
    assert [queue.put(item) for item in items] == [True, False, False, False]  # one wake for the lot
    taken, more = queue.take(3)
    assert [item for item, _ in taken] == items[:3] and more
    taken, more = queue.take(10)
    assert [item for item, _ in taken] == items[3:] and not more
    assert queue.put(event("call_ended")) is True  # drained: the next one wakes the consumer again
    assert queue.coalesced == queue.dropped == 0


def test_in_a_flood_the_latest_hold_state_of_each_call_wins():
    queue = EventQueue(limit=100, coalesce_from=4)
    queue.take(0)  # this thread is the consumer: it never pauses for itself
    queue.put(event("call_answered"))
    queue.put(event("call_answered", call="c2"))
    for i in range(1000):
        queue.put(event("hold_started" if i % 2 == 0 else "hold_ended"))
        queue.put(event("hold_started", call="c2", by="peer"))
    taken, more = queue.take(100)
    kinds = [(item.kind, item.call_id, item.by) for item, _ in taken]
    assert kinds[:2] == [("call_answered", "c1", "agent"), ("call_answered", "c2", "agent")]
    assert kinds[-2:] == [("hold_ended", "c1", "agent"), ("hold_started", "c2", "peer")]  # the latest of each
    assert len(kinds) <= 4 and not more and queue.coalesced >= 1990


def test_the_queue_is_bounded_and_never_drops_an_event_whose_sender_waits():
    queue = EventQueue(limit=10, coalesce_from=100)
    queue.take(0)
    replies = [Reply() for _ in range(5)]
    for reply in replies:
        assert queue.put(event("call_ringing"), reply) is not None
    for i in range(20):
        queue.put(event("call_answered", call=f"x{i}"))
    assert len(queue) == 10 and queue.dropped == 15
    for _ in range(5):
        assert queue.put(event("call_ringing"), Reply()) is not None  # room made from the others
    assert queue.dropped == 20
    assert queue.put(event("call_ringing"), Reply()) is None  # full of waiting senders: refused now
    assert queue.put(event("call_answered")) is None
    taken, _ = queue.take(100)
    assert len(taken) == 10 and all(reply is not None for _, reply in taken)


def test_a_link_status_waiting_is_replaced_by_the_next():
    queue = EventQueue()
    queue.put(LinkStatus("a", False))
    queue.put(event("call_answered"))
    queue.put(LinkStatus("b", True))
    taken, _ = queue.take(10)
    assert [item.text if isinstance(item, LinkStatus) else item.kind for item, _ in taken] == ["call_answered", "b"]


def test_a_flooding_thread_pauses_for_the_consumer_but_the_consumer_never_does():
    queue = EventQueue(coalesce_from=2)
    queue.take(1)  # this thread consumes
    for _ in range(5):
        queue.put(event("call_answered", call=str(_)))
    assert queue.paused == 0
    worker = threading.Thread(target=lambda: [queue.put(event("call_ringing", call=str(i))) for i in range(5)])
    worker.start()
    worker.join()
    assert queue.paused == 5


def test_stopping_tells_a_waiting_sender():
    queue = EventQueue()
    reply = Reply()
    queue.put(event("hold_started"), reply)
    queue.clear(Verdict(False, "помощник закрывается"))
    assert reply.wait(0) == Verdict(False, "помощник закрывается") and len(queue) == 0


def test_an_event_is_applied_only_if_taken_before_its_sender_gives_up():
    late = Reply(deadline=time.time() - 1)
    assert late.take() is False and late.withdraw() is True
    withdrawn = Reply(deadline=time.time() + 60)
    assert withdrawn.withdraw() is True and withdrawn.take() is False
    taken = Reply(deadline=time.time() + 60)
    assert taken.take() is True and taken.withdraw() is False  # too late to withdraw: it is being applied
