"""Where the rules and the model files are: inside the installed package (the wheel ships
`rules/` and `models/` as `extractor/_data/`), or beside the package in a checkout."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder of `name` ("rules" or "models"): the packaged copy when the package is
    installed, else the checkout's top-level folder."""
    packaged = resources.files("extractor") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return _CHECKOUT / name


def rules_dir() -> Path:
    return data_dir("rules")


def models_dir() -> Path:
    """VN_EXTRACTOR_MODELS, when set, names another folder of model files."""
    return Path(os.environ.get("VN_EXTRACTOR_MODELS") or data_dir("models"))
