"""The words for what the core reports: message codes → sentences, in the user's language.

The core (``operator_assist/core``) carries no sentences: it returns codes with parameters
(:class:`~operator_assist.core.yamlio.Problem`, errors with a ``code``), and the UI and the
CLI say them through :func:`render`. The templates are Russian (the source language) and are
marked for Qt's translation tools (``pyside6-lupdate`` reads ``QT_TRANSLATE_NOOP``); once a
translator is installed (:func:`set_translator`) they come out in its language.

Parameters are formatted with ``str.format``; a code missing from the catalogue is shown as
written (a caller that still passes a sentence), which a test forbids for the core.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

CONTEXT = "messages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    return text


def _untranslated(context: str, text: str) -> str:
    return text


_translate: Callable[[str, str], str] = _untranslated


def set_translator(translate: Callable[[str, str], str] | None) -> None:
    """``translate(context, source_text)`` (a QTranslator's), or None for the Russian source."""
    global _translate
    _translate = translate or _untranslated


TEXTS: dict[str, str] = {
    "problem.warning_prefix": QT_TRANSLATE_NOOP("messages", "предупреждение: "),
    # --- validation: settings, preferences, phrases, scenarios, YAML, files, keys ---------------
    # --- runtime: offer sources, telephony, journal, statistics, the call's rules -------------
}


def render(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The sentence for ``code`` with ``params`` filled in."""
    template = TEXTS.get(code)
    if template is None:
        return code
    translated = _translate(CONTEXT, template) or template
    return translated.format(**(params or {}))
