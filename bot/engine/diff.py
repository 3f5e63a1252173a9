"""What a reload changed: passages added, changed and removed between two loaded corpora.

Passages are matched by citation id (stable while headings stay put); a passage whose id is
in both corpora but whose text differs has changed (its text version differs). The result
names the ids, so a report can show a few of them; counting is the common use.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.engine.model import Corpus, citation_id


@dataclass(frozen=True, slots=True)
class CorpusDiff:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def passage_texts(corpus: Corpus) -> Iterator[tuple[str, str]]:
    """(citation id, text) of every passage, in corpus order, without building `Passage`s."""
    for doc in corpus.documents:
        for section in corpus.sections[doc.first_section : doc.first_section + doc.section_count]:
            for number in range(1, section.count + 1):
                yield (
                    citation_id(doc, section, number),
                    corpus.texts[section.first + number - 1],
                )


def diff_corpora(old: Corpus, new: Corpus) -> CorpusDiff:
    """Added, changed and removed citation ids going from `old` to `new`, in corpus order.

    Texts are compared whole: equal texts have equal text versions, and comparing the text
    avoids hashing hundreds of thousands of passages.
    """
    before = dict(passage_texts(old))
    added: list[str] = []
    changed: list[str] = []
    unchanged = 0
    seen: set[str] = set()
    for cid, text in passage_texts(new):
        seen.add(cid)
        previous = before.get(cid)
        if previous is None:
            added.append(cid)
        elif previous != text:
            changed.append(cid)
        else:
            unchanged += 1
    removed = [cid for cid in before if cid not in seen]
    return CorpusDiff(added=added, changed=changed, removed=removed, unchanged=unchanged)
