"""The corpus model's compact tables behave like the lists they replace."""

from __future__ import annotations

from array import array

from bot.engine.model import Topic, TopicKind, TopicTable

TOPICS = [
    Topic("Guide", 0, -1, TopicKind.DOCUMENT),
    Topic("fs.readFile(path)", 3, 12),
    Topic("1. Diplomacy:", 4, 20, TopicKind.LEADIN),
]


def table(topics: list[Topic]) -> TopicTable:
    built = TopicTable()
    for topic in topics:
        built.append(topic)
    return built


def test_topics_read_back_as_they_were_added() -> None:
    topics = table(TOPICS)
    assert list(topics) == TOPICS and len(topics) == 3
    assert topics[1] == TOPICS[1] and topics[-1] == TOPICS[-1] and topics[0:2] == TOPICS[0:2]
    assert topics[2].leadin and topics[0].kind is TopicKind.DOCUMENT


def test_a_topic_is_pointed_at_its_passage_and_the_last_one_removed() -> None:
    topics = table(TOPICS)
    topics.set_passage(0, 7)
    assert topics[0] == Topic("Guide", 0, 7, TopicKind.DOCUMENT)
    assert topics.pop() == TOPICS[2]
    assert list(topics) == [Topic("Guide", 0, 7, TopicKind.DOCUMENT), TOPICS[1]]


def test_topics_from_columns_are_the_same_topics() -> None:
    topics = table(TOPICS)
    again = TopicTable.from_columns(
        list(topics.names),
        array("I", topics.sections),
        array("i", topics.passages),
        array("B", topics.kinds),
    )
    assert list(again) == TOPICS
