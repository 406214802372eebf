import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from operator_assist.core.phrases import (
    STATES,
    PhraseBook,
    PhraseLibrary,
    Row,
    advised_summary,
    bundled_tier,
    call_context,
    compose_farewell,
    load_bundled,
    load_library,
    normalize,
    phrase_files,
    render,
    wrap_up,
)


@pytest.fixture(scope="module")
def library():
    result = load_bundled()
    assert result.problems == []
    return result.library


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(tmp_path, text: str, name="user.yaml"):
    path = write(tmp_path / name, text)
    return load_library([bundled_tier(), [path]]), str(path)


# --- content: the standard's words ---------------------------------------------------

STANDARD_WORDS = [
    "Изменение тарифного плана/подключение услуги займет не больше минуты. Оставайтесь, пожалуйста, на линии. Хорошо/Вы согласны?",
    "Я уточню информацию для Вас. Это займет не более минуты. Оставайтесь, пожалуйста, на линии. Хорошо/Вы согласны?",
    "оиск информации займет еще некоторое время",
    "Спасибо за ожидание",
    "Спасибо за длительное ожидание",
    "С удовольствием проконсультирую Вас по этому вопросу. Хочу обратить ваше внимание, что подробная информация по всем "
    "услугам/ТП/акциям (в зависимости от тематики обращения), которые предлагает/проводит компания МТС, представлены на "
    "нашем сайте www.mts.ru. Информация на сайте представлена очень удобно. Достаточно пройти по ссылке и выбрать Ваш "
    "регион. Для вашего удобства адрес сайта отправлю в SMS на номер с которого Вы звоните",
    "Сейчас я зарегистрирую заявку на добавление/удаление/переподключение услуги. А пока уточните, пожалуйста, у Вас есть "
    "возможность выхода в Интернет с персонального компьютера?",
    "Замечательно! Тогда наглядно убедиться в том, что услуга на номере подключена (с номера удалена), а также изменять "
    "перечень подключенных услуг Вы сможете самостоятельно в любое удобное для Вас время через сервис «Интернет-Помощник». "
    "Это очень просто. Подробную информацию о том, как это сделать отправлю на Ваш номер в виде SMS",
    "Наглядно убедиться в том, что услуга подключена/удалена, а также в дальнейшем уточнять весь перечень услуг, "
    "присутствующих на номере Вы сможете легко в любое удобное для Вас время с помощью бесплатного сервиса «Мои услуги»",
    "Подробную информацию о сервисе я отправлю в SMS на Ваш номер",
    "Правильно ли я Вас понял(а), что…",
    "Скажите, пожалуйста, как долго длится эта ситуация?",
    "Получалось ли у Вас…?",
    "Есть ли у вас дополнительные вопросы, в решении которых я сейчас могу Вам помочь?",
    "Могу ли я еще чем-нибудь Вам помочь?",
    "Могу ли я еще чем-то Вам помочь?",
    "Я решил(а)/ответил(а) на Ваш вопрос?",
    "Спасибо за звонок",
    "Всего доброго",
    "До свидания",
    "Спасибо Вам за звонок! Удачного дня. Всего доброго.",
]

SPEAK_CORRECTLY = [
    ("сообщение отправлю (SMS/MMS)", "вышлю"),
    ("сообщение поступило (SMS/MMS)", "пришло"),
    ("услугу подключу", "переведу на услугу"),
    ("восемь рублей пятьдесят копеек", "восемь пятьдесят"),
    ("денежные средства", "деньги"),
    ("заплатит", "заплотит"),
    ("срок рассмотрения заявки увеличен", "заявка отсрачивается"),
    ("списание", "списывание"),
    ("их", "ихний"),
    ("пополнить счет", "ложить на счёт"),
    ("извлечь", "вытащить"),
    ("установить", "вставить"),
]


@pytest.mark.parametrize("words", STANDARD_WORDS)
def test_each_phrase_of_the_standard_is_in_the_library_word_for_word(library, words):
    rendered = [render(p.text) for p in library]  # neutral gender: понял(а)
    assert any(words in text for text in rendered), words


def test_the_speak_correctly_table_is_complete(library):
    pairs = {(p.text, p.wrong) for p in library.in_category("correct")}
    assert pairs == set(SPEAK_CORRECTLY)


def test_the_services_filler_offers_both_internet_branches(library):
    branches = library.follow_ups(library.get("filler.services"))
    assert [p.title for p in branches] == ["1.1. Выход в Интернет есть", "1.2. Выхода в Интернет нет"]
    assert "«Интернет-Помощник»" in branches[0].text and "«Мои услуги»" in branches[1].text


def test_there_are_enough_creative_phrases(library):
    assert len(library.in_category("creative")) >= 15


def test_bundled_scenarios_dir_and_roles_are_not_phrase_files():
    names = [p.name for p in bundled_tier()]
    assert "roles.yaml" not in names and all(n.endswith(".yaml") for n in names)


# --- placeholders and gender ---------------------------------------------------------------


def test_gendered_forms_follow_the_operator(library):
    text = library.get("summary.solved").text
    assert render(text, gender="f") == "Я решила/ответила на Ваш вопрос?"
    assert render(text, gender="m") == "Я решил/ответил на Ваш вопрос?"
    assert render(library.get("needs.paraphrase").text, gender="f") == "Правильно ли я Вас поняла, что…"


def test_names_fill_in_and_an_empty_name_drops_its_part(library):
    text = library.get("greeting.default").text
    assert render(text, {"operator_name": "Ольга"}) == "Здравствуйте! Компания МТС, меня зовут Ольга. Чем могу Вам помочь?"
    assert render(text, {"operator_name": "  "}) == "Здравствуйте! Компания МТС. Чем могу Вам помочь?"
    thanks = library.get("farewell.thanks_you").text
    assert render(thanks, {"client_name": "Анна"}) == "Анна, спасибо Вам за звонок!"
    assert render(thanks, {}) == "Спасибо Вам за звонок!"  # the sentence still starts with a capital


# --- validation: file:line for each kind of problem ---------------------------------------------


def test_the_bundled_library_validates_clean():
    result = load_bundled()
    assert result.problems == []
    assert len(result.library) > 60


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("category: x\nphrases:\n  - id: x.a\n    text: [broken\n", 5, "ошибка синтаксиса YAML"),
        ("category: x\nphrases:\n  - id: x.a\n    text: a\n    text: b\n", 5, "ключ 'text' повторяется (впервые в строке 4)"),
        ("category: x\nphrases:\n  - id: x.a\n    text: один\n  - id: x.a\n    text: два\n", 5, "id повторяется"),
        ("category: x\nphrases:\n  - id: x.a\n    text: [1, 2]\n", 4, "text: нужен непустой текст, а здесь список"),
        ("category: x\nphrases:\n  - id: x.a\n    title: t\n", 3, "text: не указано"),
        ("category: x\nphrases:\n  - id: x.a\n    text: Здравствуйте, {client}!\n", 4, "неизвестная подстановка {client}"),
        ("category: x\nphrases:\n  - id: x.a\n    text: Я {понял}\n", 4, "неизвестная подстановка {понял}"),
        ("category: x\nphrases:\n  - id: x.a\n    text: t\n    states: [lookup, coffee]\n", 5, "неизвестное значение 'coffee'"),
        ("category: x\nphrases:\n  - id: x.a\n    text: t\n    colour: red\n", 5, "неизвестное поле 'colour'"),
        ("category: x\nphrases:\n  - id: x.a\n    text: t\n    follow_ups: [x.nope]\n", 3, "нет фразы с id 'x.nope'"),
        ("phrases: []\n", 1, "category: не указано"),
    ],
)
def test_each_problem_is_reported_with_file_and_line(tmp_path, text, line, message):
    result, file = check(tmp_path, text)
    matching = [p for p in result.errors if message in p.message]
    assert matching, [str(p) for p in result.problems]
    assert matching[0].file == file and matching[0].line == line
    assert str(matching[0]).startswith(f"{file}:{line}: ")


def test_duplicate_ids_across_files_name_both(tmp_path):
    a = write(tmp_path / "a.yaml", "category: x\nphrases:\n  - id: x.same\n    text: один\n")
    b = write(tmp_path / "b.yaml", "category: x\nphrases:\n  - {id: x.other, text: ok}\n  - id: x.same\n    text: два\n")
    result = load_library([[a, b]])
    assert [str(p) for p in result.problems] == [f"{b}:4: фраза 'x.same': id повторяется (уже есть в {a}:3)"]


def test_a_non_utf8_file_is_reported(tmp_path):
    path = tmp_path / "cp1251.yaml"
    path.write_bytes("category: x\nphrases:\n  - id: x.a\n    text: Привет\n".encode("cp1251"))
    result = load_library([[path]])
    assert result.errors[0].line == 4 and "не в кодировке UTF-8" in result.errors[0].message


def test_wrong_forms_from_the_speak_correctly_table_are_warnings(tmp_path):
    result, file = check(tmp_path, "category: x\nphrases:\n  - id: x.sms\n    text: Я Вам ВЫШЛЮ SMS, а деньги ложите на счёт.\n")
    assert result.errors == []
    messages = [str(p) for p in result.problems]
    assert f"{file}:3: предупреждение: x.sms: «вышлю» — говорим правильно: «сообщение отправлю (SMS/MMS)» (не «вышлю»)" in messages
    assert any("«деньги»" in m for m in messages) and any("«ложите»" in m for m in messages)
    assert len(messages) == 3


def test_lint_matches_whole_words_only(tmp_path):
    result, _ = check(tmp_path, "category: x\nphrases:\n  - id: x.a\n    text: Подключу услугу «Положить на счёт» и отправлю SMS.\n")
    assert result.problems == []


# --- overrides, broken user files, reload -----------------------------------------------------------


def test_user_phrases_override_by_id_and_add_new(tmp_path):
    write(tmp_path / "mine.yaml", "category: hold\nphrases:\n  - id: hold.clarify\n    text: Моя фраза удержания.\n  - id: hold.mine\n    text: Ещё одна.\n")
    book = PhraseBook(tmp_path)
    assert book.reload()
    assert book.library.get("hold.clarify").text == "Моя фраза удержания."
    assert book.library.get("hold.mine").category == "hold"
    ids = [p.id for p in book.library]
    assert ids.index("hold.clarify") == ids.index("hold.tariff_change") + 1  # keeps its place


def test_an_override_keeps_the_bundled_moments_unless_it_names_its_own(tmp_path):
    write(tmp_path / "mine.yaml", "category: resume\nstates: [talking]\nphrases:\n  - id: resume.thanks\n    text: Благодарю за ожидание!\n"
          "  - id: hold.clarify\n    states: [lookup]\n    text: Уточню, минуту.\n")  # fmt: skip
    book = PhraseBook(tmp_path)
    book.reload()
    bundled = load_bundled().library
    assert book.library.get("resume.thanks").states == bundled.get("resume.thanks").states
    assert book.library.get("resume.thanks").text == "Благодарю за ожидание!"
    assert book.library.get("hold.clarify").states == ("lookup",)
    assert book.library.get("hold.clarify").category == "hold"  # written in a «resume» file, still a hold phrase


def test_a_broken_user_file_keeps_the_last_good_library_and_is_never_touched(tmp_path):
    path = write(tmp_path / "mine.yaml", "category: hold\nphrases:\n  - id: hold.clarify\n    text: Версия один.\n")
    book = PhraseBook(tmp_path)
    book.reload()
    broken = "category: hold\nphrases:\n  - id: hold.clarify\n    text: [oops\n"
    path.write_text(broken, encoding="utf-8")
    assert not book.reload()
    assert book.library.get("hold.clarify").text == "Версия один."
    assert book.problems and book.problems[0].file == str(path)
    assert path.read_text(encoding="utf-8") == broken
    path.write_text("category: hold\nphrases:\n  - id: hold.clarify\n    text: Версия два.\n", encoding="utf-8")
    assert book.reload()
    assert book.library.get("hold.clarify").text == "Версия два." and book.problems == []


def test_a_user_file_broken_at_startup_still_gives_the_bundled_library(tmp_path):
    write(tmp_path / "mine.yaml", "category: [\n")
    book = PhraseBook(tmp_path)
    book.reload()
    assert "hold.clarify" in book.library and book.problems


def test_phrase_files_skip_subdirectories(tmp_path):
    write(tmp_path / "scenarios" / "x.yaml", "title: x\n")
    write(tmp_path / "a.yaml", "category: x\nphrases: []\n")
    assert [p.name for p in phrase_files(tmp_path)] == ["a.yaml"]


def test_the_bundled_phrase_folder_holds_phrase_files_only():
    from operator_assist.paths import bundled_phrases_dir

    book = PhraseBook(None)
    book.reload()
    assert phrase_files(bundled_phrases_dir()) and book.problems == []


def test_a_load_names_the_base_it_was_read_from_while_the_book_is_pointed_elsewhere(tmp_path, monkeypatch):
    """The reload thread reads the book while the GUI thread may switch it to a team's new standard:
    the result must not claim the new base for phrases read from the old one."""
    from operator_assist.core import phrases
    from operator_assist.paths import bundled_phrases_dir

    book = PhraseBook(None)
    real = phrases.load_with_user

    def switched_meanwhile(*args, **kwargs):
        book.base_dir = bundled_phrases_dir()  # a new standard applied on the GUI thread mid-read
        return real(*args, **kwargs)

    monkeypatch.setattr(phrases, "load_with_user", switched_meanwhile)
    assert book.load().base is None


# --- search ---------------------------------------------------------------------------------------


def test_search_ignores_case_and_yo(library):
    assert "resume.thanks_long" in [p.id for p in library.search("ДЛИТЕЛЬНОЕ ожидание")]
    # «ещё» typed with ё finds «еще» in the standard's summary phrase, and back.
    assert "summary.more_help" in [p.id for p in library.search("ещё чем-нибудь")]
    assert "creative.trip" in [p.id for p in library.search("легкой дороги")]


def test_search_matches_partial_words_in_any_order(library):
    found = [p.id for p in library.search("помощ интернет")]
    assert "filler.services.internet" in found
    assert library.search("нетакогослова") == []
    assert library.search("   ") == []


def test_search_puts_title_hits_first(library):
    found = library.search("уточн")
    assert found[0].title.lower().startswith("уточн") or "уточн" in found[0].title.lower()


def test_search_puts_the_words_side_by_side_first(library):
    assert library.search("спасибо за ожидание")[0].id == "resume.thanks"  # not «за длительное ожидание»


def test_search_knows_sms_in_cyrillic(library):
    found = [p.id for p in library.search("смс")]
    assert "hold.alternative.sms" in found and found == [p.id for p in library.search("SMS")]
    assert "hold.alternative.sms" in [p.id for p in library.search("ответ смс")]


def test_normalize():
    assert normalize("ЁЛКА Ещё") == "елка еще"


# --- context ordering --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state, status, elapsed, expected",
    [
        ("idle", "ready", 0, "idle"),
        ("talking", "talking", 5, "talking"),
        ("lookup", "silence_warning", 12, "lookup"),
        ("hold", "hold", 59.9, "hold"),
        ("hold", "hold", 60, "hold_long"),
        ("hold", "hold_prewarning", 95, "hold_limit"),
        ("hold", "hold_limit", 130, "hold_limit"),
        ("talking", "thank_for_waiting", 1, "resumed"),
        ("talking", "thank_for_long_waiting", 1, "resumed_long"),
        ("ended", "ended", 0, "idle"),
    ],
)
def test_call_context(state, status, elapsed, expected):
    assert call_context(state, status, elapsed, long_wait=60) == expected


def test_the_greeting_comes_first_for_the_call_s_first_seconds():
    assert call_context("talking", "talking", 14.9, 60, call_elapsed=14.9) == "idle"
    assert call_context("talking", "talking", 15, 60, call_elapsed=15) == "talking"
    assert call_context("lookup", "lookup", 2, 60, call_elapsed=5) == "lookup"
    assert call_context("talking", "talking", 3, 60, wrapup=True, call_elapsed=3) == "wrapup"


def test_wrapup_context_only_while_talking():
    assert call_context("talking", "talking", 5, 60, wrapup=True) == "wrapup"
    assert call_context("talking", "thank_for_waiting", 1, 60, wrapup=True) == "wrapup"
    assert call_context("lookup", "lookup", 5, 60, wrapup=True) == "lookup"


@pytest.mark.parametrize(
    "context, first",
    [
        ("idle", ["greeting.default"]),
        ("lookup", ["hold.tariff_change", "hold.clarify"]),
        ("hold", ["resume.thanks"]),
        ("hold_long", ["resume.thanks_long"]),
        ("hold_limit", ["hold.return"]),
        ("resumed_long", ["resume.thanks_long"]),
        ("wrapup", ["summary.unresolved"]),
    ],
)
def test_context_phrases_come_first(library, context, first):
    suggested, rest = library.for_context(context)
    assert [p.id for p in suggested[: len(first)]] == first
    assert not {p.id for p in suggested} & {p.id for p in rest}
    assert len(suggested) + len(rest) == len(library.top_level())


def test_in_lookup_fillers_follow_the_hold_phrases(library):
    ids = [p.id for p in library.for_context("lookup")[0]]
    assert ids.index("filler.knowledge_base") > ids.index("hold.clarify")
    assert "resume.thanks" not in ids


def test_a_context_s_list_has_its_phrases_under_its_heading_then_the_rest_by_category(library):
    listing = library.listing("lookup")
    rows = list(listing)
    suggested, rest = library.for_context("lookup")
    assert rows[0] == Row(None)  # the list's own heading: «Сейчас: поиск …»
    top = [row.phrase for row in rows if row.phrase is not None and not row.follow_up]
    assert top == suggested + rest
    headings = [row.heading for row in rows[len(suggested) :] if row.phrase is None]
    assert headings == list(dict.fromkeys(p.category for p in rest))  # each category once, in order
    parent = rows.index(Row(library.get("hold.return")))
    assert [row.phrase.id for row in rows[parent + 1 : parent + 4]] == [
        "hold.alternative.callback", "hold.alternative.sms", "hold.alternative.site",
    ]  # fmt: skip
    assert all(row.follow_up for row in rows[parent + 1 : parent + 4])
    assert [rows[i].phrase.id for i in listing.numbered][:2] == ["hold.tariff_change", "hold.clarify"]
    assert len(listing.numbered) == 9 and all(rows[i].phrase.sayable for i in listing.numbered)


def test_the_wrapup_list_puts_the_advised_summary_first(library):
    first = lambda summary: [row.phrase.id for row in library.listing("wrapup", summary) if row.phrase][0]  # noqa: E731
    assert first("summary.more_help") == "summary.more_help"
    assert first("summary.unresolved") == "summary.unresolved"
    assert first(None).startswith("farewell.")  # the summary skipped: the farewell first


def test_a_phrase_that_follows_two_phrases_is_listed_once(tmp_path):
    file = write(
        tmp_path / "a.yaml",
        "category: a\nstates: [talking]\nphrases:\n"
        "  - {id: a.one, text: Один., follow_ups: [a.both]}\n"
        "  - {id: a.two, text: Два., follow_ups: [a.both]}\n"
        "  - {id: a.both, text: Оба.}\n",
    )
    library = load_library([[file]]).library
    ids = [row.phrase.id for row in library.listing("talking") if row.phrase]
    assert ids == ["a.one", "a.both", "a.two"]


def test_every_list_is_built_where_the_library_is_loaded(monkeypatch):
    """A key press only picks a list: the loader (a thread in the app) built them all."""
    library = load_bundled().library

    def built_late(*args):
        raise AssertionError("a list was built after the load")

    monkeypatch.setattr(PhraseLibrary, "_listing", built_late)
    for context in STATES:
        assert len(library.listing(context)) > 0
    for resolved in (True, False):
        assert len(library.listing("wrapup", advised_summary(library, resolved))) > 0
    assert len(library.listing("wrapup", None)) > 0


# --- wrap-up -----------------------------------------------------------------------------------------------

FRIDAY_EVENING = dt.datetime(2026, 11, 27, 19, 0)


def test_unresolved_question_gets_the_unresolved_summary(library):
    advice = wrap_up(library, resolved=False, skip_summary=False, when=FRIDAY_EVENING)
    assert [p.id for p in advice.summary] == ["summary.unresolved"]


def test_resolved_question_gets_the_usual_summaries(library):
    ids = [p.id for p in wrap_up(library, True, False, FRIDAY_EVENING).summary]
    assert {"summary.more_help", "summary.more_help_alt", "summary.solved"} <= set(ids)
    assert "summary.unresolved" not in ids


def test_short_consultation_skips_the_summary(library):
    advice = wrap_up(library, True, True, FRIDAY_EVENING)
    assert advice.summary == () and "не нужно" in str(advice.advice)


def test_creative_phrases_fit_the_moment(library):
    evening = [p.id for p in wrap_up(library, True, False, FRIDAY_EVENING).creative[:4]]
    assert {"creative.nice_evening", "creative.weekend"} & set(evening)
    morning = wrap_up(library, True, False, dt.datetime(2026, 11, 25, 9)).creative[0]
    assert "morning" in morning.tags


def test_the_farewell_composer_never_says_all_best_twice(library):
    for creative in library.in_category("creative"):
        for closing in ("farewell.all_best", "farewell.goodbye"):
            text = " ".join(render(p.text) for p in compose_farewell(library, creative, closing))
            assert normalize(text).count("всего доброго") <= 1, text
            assert text.startswith("Спасибо за звонок!")
    parts = compose_farewell(library, library.get("creative.all_best"))
    assert [p.id for p in parts] == ["farewell.thanks", "creative.all_best", "farewell.goodbye"]
    parts = compose_farewell(library, library.get("creative.good_day"))
    assert " ".join(render(p.text) for p in parts) == "Спасибо за звонок! Хорошего Вам дня! Всего доброго!"


# --- check-phrases command --------------------------------------------------------------------------------


def run_check(*args):
    return subprocess.run(
        [sys.executable, "-m", "operator_assist", "check-phrases", *args], capture_output=True, text=True, timeout=60
    )


def test_check_phrases_passes_on_the_bundled_library(tmp_path):
    done = run_check("--data-dir", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_check_phrases_prints_file_line_and_fails(tmp_path):
    bad = write(tmp_path / "bad.yaml", "category: x\nphrases:\n  - id: x.a\n    text: Я {понял|}\n")
    warn = write(tmp_path / "warn.yaml", "category: y\nphrases:\n  - id: y.a\n    text: Вышлю SMS.\n")
    done = run_check(str(tmp_path))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert f"{bad}:4: фраза 'x.a': text: форма по роду {{понял|}} — ровно два варианта: {{мужской|женский}}" in lines
    assert any(line.startswith(f"{warn}:3: предупреждение: y.a: «вышлю»") for line in lines)
    only_warning = run_check(str(warn))
    assert only_warning.returncode == 1


def test_the_placeholders_a_phrase_would_be_said_without():
    from operator_assist.core.phrases import unfilled

    text = "[{client_name}, ]здравствуйте! Меня зовут {operator_name}, {понял|поняла}."
    assert unfilled(text, {"client_name": "Анна", "operator_name": "Ольга"}) == ()
    assert unfilled(text, {"client_name": " ", "operator_name": "Ольга"}) == ("client_name",)
    assert unfilled(text) == ("client_name", "operator_name")
    assert unfilled("Спасибо за ожидание.") == ()
