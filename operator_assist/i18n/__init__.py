"""The user's language: Russian (the source, the default) or English from ``operator_assist_en.qm``.

Widgets translate through Qt (``self.tr``, ``QCoreApplication.translate``) once :func:`install`
has given the application the translator; code without a ``QApplication`` (the CLI, the
messages of :mod:`operator_assist.messages`) goes through :func:`translate`, which asks the
same catalogue directly. ``pyside6-lupdate`` finds the source texts by the names ``tr``,
``translate`` and ``QT_TRANSLATE_NOOP``: the text must be a literal (format it after
translating). ``scripts/update-translations`` regenerates the catalogues.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import messages

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QTranslator

SOURCE_LANGUAGE = "ru"
LANGUAGES = ("ru", "en")
CATALOGUE_DIR = Path(__file__).resolve().parent

_translator: QTranslator | None = None
_language = SOURCE_LANGUAGE
_warning: str | None = None


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks ``text`` for the catalogue where it is defined; :func:`translate` says it later."""
    return text


def catalogue(language: str) -> Path:
    return CATALOGUE_DIR / f"operator_assist_{language}.qm"


def use(language: str | None) -> str | None:
    """Switches the process to ``language`` (None: the source language).

    Returns a Russian warning for a language without a catalogue; the source language stays.
    """
    global _warning
    _warning = _use(language)
    return _warning


def warning() -> str | None:
    """What the last :func:`use` had to say (for the window's notices), or None."""
    return _warning


def _use(language: str | None) -> str | None:
    global _translator, _language
    language = (language or SOURCE_LANGUAGE).strip().lower()
    _translator, _language = None, SOURCE_LANGUAGE
    messages.set_translator(None)
    if language == SOURCE_LANGUAGE:
        return None
    if language not in LANGUAGES:
        return translate("i18n", "язык {language!r} не поддерживается (есть: {known}), всё будет по-русски").format(
            language=language, known=", ".join(LANGUAGES)
        )
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    if not translator.load(str(catalogue(language))):
        return translate("i18n", "не удалось прочитать перевод {path}, всё будет по-русски").format(path=catalogue(language))
    _translator, _language = translator, language
    messages.set_translator(translate)
    return None


def language() -> str:
    """The language in use: ``ru`` unless :func:`use` switched it."""
    return _language


def translate(context: str, text: str) -> str:
    """``text`` (the Russian source) in the language in use; works without a QApplication."""
    if _translator is None:
        return text
    return _translator.translate(context, text) or text


def install(app: QCoreApplication) -> QTranslator | None:
    """Gives ``app`` the translator, before any widget is built (nothing to do in Russian);
    returns it (``app.removeTranslator`` takes it back)."""
    if _translator is not None:
        from PySide6.QtCore import QLocale

        app.installTranslator(_translator)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return _translator
