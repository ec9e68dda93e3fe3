"""environment.yml must list exactly the dependencies of pyproject.toml (plus python, pip, quarto)."""

import re
import tomllib

import yaml

from newsframing import paths

CONDA_ONLY = {"python", "pip", "quarto"}


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[; ]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_in_sync_with_pyproject():
    py = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())
    wanted = {_name(r) for r in py["project"]["dependencies"]} | {_name(r) for r in py["project"]["optional-dependencies"]["dev"]}
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip, "environment.yml must install the package itself with pip -e ."
    assert conda - CONDA_ONLY == wanted, {"missing": wanted - conda, "extra": conda - CONDA_ONLY - wanted}
    assert "conda-forge" in env["channels"]
