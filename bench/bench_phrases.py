"""Phrase search over a generated 10 000-phrase library, and the bundled library's load time.

    python bench/bench_phrases.py [--quick]

``run()`` is called by bench/run.py; ``phrase_search_ms`` (the median over 200
realistic Cyrillic queries) is the figure with a target, the rest are details.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time

from operator_assist.core.phrases import Phrase, PhraseLibrary, load_bundled

SIZE = 10_000
QUERIES = 200

_WORDS = (
    "тариф услуга подключение отключение баланс платеж счет роуминг интернет пакет минуты SMS сообщение заявка "
    "номер блокировка телефон сим-карта замена перевод остаток списание начисление скидка акция предложение "
    "уточню информацию ожидание спасибо клиент вопрос помощь сайт приложение личный кабинет мои услуги "
    "интернет-помощник семейный безлимит опция подписка восстановление договор паспорт доверенность офис "
    "ёмкость ещё подъём объём"
).split()
# What an operator types: a word or two, often just the beginning of a word, any case, ё or е.
_QUERY_PARTS = ("тари", "баланс", "роум", "блокир", "спасибо за", "уточн", "Интернет", "ЗАЯВК", "ещё", "еще чем",
                "смена тарифа", "мои усл", "ожидан", "списан", "предлож", "подключ услуг", "семейн", "паспорт",
                "сим", "объем")  # fmt: skip


def generated_library(size: int = SIZE, seed: int = 7) -> PhraseLibrary:
    rng = random.Random(seed)
    phrases = []
    for n in range(size):
        words = rng.choices(_WORDS, k=rng.randint(8, 30))
        text = " ".join(words).capitalize() + "."
        title = " ".join(rng.choices(_WORDS, k=3)).capitalize()
        phrases.append(Phrase(id=f"gen.p{n}", category=f"cat{n % 12}", text=text, title=title, states=("talking",)))
    return PhraseLibrary(phrases, ())


def run(quick: bool = False) -> dict:
    library = generated_library()
    rng = random.Random(11)
    queries = [rng.choice(_QUERY_PARTS) for _ in range(QUERIES)]
    timings, hits = [], []
    for query in queries:
        started = time.perf_counter()
        found = library.search(query)
        timings.append((time.perf_counter() - started) * 1000)
        hits.append(len(found))
    loads = []
    for _ in range(3 if quick else 9):
        started = time.perf_counter()
        result = load_bundled()
        loads.append((time.perf_counter() - started) * 1000)
    assert not result.problems, result.problems
    timings.sort()
    return {
        "phrase_search_ms": round(statistics.median(timings), 3),
        "phrase_search_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3),
        "phrase_search_median_hits": statistics.median(hits),
        "phrase_library_size": len(library),
        "bundled_phrases_load_ms": round(statistics.median(loads), 2),
        "bundled_phrases": len(result.library),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer load repetitions")
    args = parser.parse_args(argv)
    result = run(quick=args.quick)
    print(json.dumps(result, ensure_ascii=False))
    print(f"phrase_search_ms {result['phrase_search_ms']} (target ≤ 5.0)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
