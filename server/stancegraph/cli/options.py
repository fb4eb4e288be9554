"""Command-line options made from the settings: one option per setting, named after it.

Every command takes the settings it uses as ``--setting-name`` options (``dist_dir`` is
``--dist-dir``) built here from :data:`stancegraph.core.settings.SETTINGS`: the option's value is
parsed as the setting's, and its help is the setting's, with its environment variable and
default. An option left out falls through to the environment, then to the default
(:func:`values`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import Any

from stancegraph.core import settings

#: Metavars other than the setting name's last word in capitals (``dist_dir``: ``DIR``).
METAVARS = {"base_uri": "IRI", "license": "IRI", "graph_store": "URL", "store_update": "URL"}


def option(name: str) -> str:
    """The option of the setting ``name``: ``dist_dir`` is ``--dist-dir``."""
    return "--" + name.replace("_", "-")


def help_text(setting: settings.Setting, note: str = "") -> str:
    """The setting's help, what the command adds (``note``), its variable and default."""
    text = f"{setting.help} {note}".strip() if note else setting.help
    text = f"{text} (setting {setting.name}, env {setting.env}; default {setting.default!r})"
    return text.replace("%", "%%")  # argparse formats help with %


def _parser(setting: settings.Setting) -> Callable[[str], Any]:
    """The setting's parser, reporting a bad value as argparse does (``--port: expected int``)."""

    def parse(raw: str) -> Any:
        try:
            return setting.parse(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected {setting.type.__name__}, got {raw!r}"
            ) from None

    return parse


def add(
    parser: argparse.ArgumentParser, name: str, note: str = "", metavar: str | None = None
) -> None:
    """Add the option of the setting ``name``; ``note`` says what it means to this command."""
    setting = settings.BY_NAME[name]
    parser.add_argument(
        option(name),
        dest=name,
        type=_parser(setting),
        metavar=metavar or METAVARS.get(name, name.split("_")[-1].upper()),
        help=help_text(setting, note),
    )


def add_all(parser: argparse.ArgumentParser, names: Iterable[str]) -> None:
    """Add the options of the settings ``names``."""
    for name in names:
        add(parser, name)


def values(args: argparse.Namespace, names: Iterable[str]) -> dict[str, Any]:
    """Every setting, with those of ``names`` given as options taken from ``args``."""
    return settings.resolve({name: getattr(args, name) for name in names})
