import pytest

from operator_assist.core.commands import KEY_COMMANDS, Action, ServiceRequest
from operator_assist.core.keymap import BINDINGS, BadKey, Keymap, clashes, markdown_table, parse_key
from operator_assist.core.settings import load_settings
from operator_assist.paths import bundled_dir


def test_the_readme_keyboard_table_is_the_registry():
    readme = (bundled_dir("standard").parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- keymap:", 1)[1].split("-->", 1)[1].split("<!-- /keymap -->", 1)[0]
    assert table.strip() == markdown_table().strip()


def test_defaults_are_f5_to_f8_globally_and_the_rest_in_window():
    keymap = Keymap()
    assert keymap.global_bindings() == {"new_call": "F5", "lookup": "F6", "hold": "F7", "end_call": "F8"}
    assert keymap.key("wrapup") == "F9" and keymap.key("register_request") == "Ctrl+R"
    assert len({b.id for b in BINDINGS}) == len(BINDINGS)


def test_each_global_key_and_the_service_request_key_send_the_call_session_a_command():
    assert KEY_COMMANDS == {"new_call": Action.START_CALL, "lookup": Action.TOGGLE_LOOKUP, "hold": Action.TOGGLE_HOLD,
                            "end_call": Action.END_CALL, "register_request": ServiceRequest(registered=True)}  # fmt: skip
    assert set(Keymap().global_bindings()) <= set(KEY_COMMANDS) <= {b.id for b in BINDINGS}


@pytest.mark.parametrize(
    "text, normal",
    [("f7", "F7"), ("ctrl+shift+k", "Ctrl+Shift+K"), ("Shift+Ctrl+K", "Ctrl+Shift+K"), ("pause", "Pause"), ("Super+F2", "Meta+F2")],
)
def test_keys_are_written_one_way(text, normal):
    assert parse_key(text) == normal


@pytest.mark.parametrize("text, words", [("", "нужна клавиша"), ("Hyper+F7", "модификатор"), ("K", "мешала бы печатать"),
                                         ("Ctrl+Ctrl+K", "дважды"), ("Ctrl+Щ", "неизвестная клавиша")])  # fmt: skip
def test_bad_keys_are_explained_in_russian(text, words):
    with pytest.raises(BadKey, match=words):
        parse_key(text)


def test_a_key_given_twice_is_a_problem():
    [(action, code, params)] = clashes({"hold": "F5"})
    assert (action, code, params["field"], params["key"]) == ("hold", "keys.taken", "hotkeys.hold", "F5")
    assert str(params["other"]) == "Новый звонок"  # the action named as in the menus (issue 22 #16)
    assert clashes({"hold": "F5", "new_call": "Ctrl+F5"}) == []  # a swap is fine


def test_hotkeys_in_settings_change_the_keys_and_errors_have_file_and_line(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("global_keys: false\nhotkeys:\n  hold: pause\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert problems == [] and not settings.global_keys
    assert Keymap(dict(settings.hotkeys)).key("hold") == "Pause"
    path.write_text("hotkeys:\n  hold: F5\n  nosuch: F2\nglobal_keys: sometimes\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert sorted(p.line for p in problems) == [2, 3, 4]
    assert any(str(p).endswith("hotkeys.hold: F5 уже назначена действию «Новый звонок»") for p in problems)
    assert settings.global_keys and settings.hotkeys == ()  # the defaults stay


def test_a_clash_names_the_action_in_the_language_in_use(tmp_path):
    from operator_assist import i18n

    path = tmp_path / "settings.yaml"
    path.write_text("hotkeys:\n  hold: F6\n", encoding="utf-8")
    assert i18n.use("en") is None
    try:
        _, [problem] = load_settings(path)
        assert str(problem).endswith("hotkeys.hold: F6 is already assigned to «Look up information / found it — talking»")
    finally:
        i18n.use(None)
