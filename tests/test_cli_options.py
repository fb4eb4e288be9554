"""Every command takes the settings it uses as options made from them: one name per setting.

An option of a setting is ``--`` and the setting's name with dashes, stores into the setting's
name, and shows the setting's help, environment variable and default; no other option speaks
for a setting (under another name, or as an alias).
"""

from __future__ import annotations

import argparse

import pytest

from stancegraph.cli.main import parser
from stancegraph.cli.publish import REFUSED
from stancegraph.core.settings import BY_NAME, SETTINGS

#: The old spellings of setting options, gone.
GONE = ("--out", "--seeds", "--mappings", "--to")


def commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def options(command: argparse.ArgumentParser) -> list[argparse.Action]:
    return [action for action in command._actions if action.option_strings]


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_option_of_a_setting_is_made_from_it(name: str) -> None:
    command = commands()[name]
    for action in options(command):
        if action.dest not in BY_NAME:
            continue
        setting = BY_NAME[action.dest]
        assert action.option_strings == ["--" + setting.name.replace("_", "-")], action
        assert action.help is not None
        assert setting.help in action.help, (name, action.option_strings)
        assert setting.env in action.help and repr(setting.default) in action.help


@pytest.mark.parametrize("name", sorted(commands()))
def test_no_other_option_speaks_for_a_setting(name: str) -> None:
    command = commands()[name]
    spellings = {"--" + s.name.replace("_", "-") for s in SETTINGS}
    for action in options(command):
        if action.dest in BY_NAME:
            continue
        if name == "publish" and action.dest == REFUSED:
            # Issue 14: --store-password is there only to refuse a password on the command line
            # without repeating it; it stores nothing and shows in no help.
            assert action.help == argparse.SUPPRESS
            with pytest.raises(SystemExit):
                command.parse_args(["--store-password", "x"])
            continue
        assert not spellings & set(action.option_strings), (name, action.option_strings)
        # draft --out names the mapping file to write (issue 18), no folder of a setting.
        gone = set(GONE) - ({"--out"} if name == "draft" else set())
        assert not gone & set(action.option_strings), (name, action.option_strings)
        assert "(setting " not in (action.help or ""), (name, action.option_strings)


def test_the_commands_take_the_settings_they_use() -> None:
    taken = {
        name: {a.dest for a in options(command) if a.dest in BY_NAME}
        for name, command in commands().items()
    }
    assert taken == {
        "build": {"dist_dir", "seeds_dir", "mappings_dir", "base_uri", "store"},
        "validate": {"seeds_dir", "mappings_dir", "base_uri"},
        "query": {"dist_dir"},
        "serve": {
            "host",
            "port",
            "workers",
            "threads",
            "dist_dir",
            "base_uri",
            "license",
            "store",
            "forwarded_allow_ips",
            "store_poll",
        },
        "publish": {
            "graph_store",
            "store_update",
            "store",
            "dist_dir",
            "base_uri",
            "store_user",
            "store_password_file",
        },
        "draft": {"mappings_dir"},
    }


def test_an_option_parses_as_its_setting(capsys: pytest.CaptureFixture[str]) -> None:
    args = parser().parse_args(["serve", "--port", "9000", "--dist-dir", "out"])
    assert (args.port, args.dist_dir, args.host) == (9000, "out", None)
    with pytest.raises(SystemExit):
        parser().parse_args(["serve", "--port", "many"])
    assert "argument --port: expected int, got 'many'" in capsys.readouterr().err
