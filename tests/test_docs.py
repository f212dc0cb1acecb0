"""The README documents what the product offers: its two commands, every CLI command and table, settings."""
import re

from cchc.config import DB_ENV_VAR
from cchc.store import queries
from etl.cli import _parser
from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line.strip()]
    assert commands == ["make run", "make test"]


def test_every_cli_command_table_and_setting_is_documented():
    subcommands = _parser()._subparsers._group_actions[0].choices
    for name in subcommands:
        assert f"python -m etl {name}" in README, name
    for table in queries.EXPORTS:
        assert table in README, table
    assert DB_ENV_VAR in README and "PORT=" in README


def test_makefile_targets_named_in_readme_exist():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"`make (\w+)", README)):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_the_deployment_recipe_uses_the_real_options():
    """Every `python -m deploy.cluster …` line of the README parses with the script's own options (the
    browser test tests/browser/test_cluster.py runs the same script)."""
    import shlex

    from cchc.config import ARCHIVE_ENV_VAR
    from deploy.cluster import _parser as cluster_parser

    lines = re.findall(r"python -m deploy\.cluster ([^`\n]+)", README)
    assert len(lines) >= 2                                  # the Vietnamese and the English recipe
    for line in lines:
        cluster_parser().parse_args(shlex.split(line))
    assert ARCHIVE_ENV_VAR in README and "deploy/nginx-cchc.conf" in README
    assert "createdb -O cchc --locale=C.UTF-8" in README
