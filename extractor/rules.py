"""The declarative rule files of rules/: read, checked against their schema
(extractor/schema/rules.schema.json), and handed to the stages as plain data.

A folder of one's own (a province's word lists, say) is given with `Extractor(Config(rules=folder))`
or VN_EXTRACTOR_RULES: a file `units.yaml` in it replaces the packaged file of that name, a file
`units.extend.yaml` adds its lists and entries to the packaged ones; the other files stay.
A key the schema does not declare (a typo, or a word list no stage reads) is an error, not a
silent no-op.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import RulesError
from .resources import rules_dir

RULES_DIR = rules_dir()


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads((resources.files("extractor") / "schema" / "rules.schema.json").read_text(encoding="utf-8"))


def read_folder(folder: str | os.PathLike | None = None) -> dict:
    """Every rule file, keyed by its stem: the packaged ones, with those of `folder` in their place
    or extended by its `.extend.yaml` files; raises RulesError naming the file and the fault."""
    import jsonschema

    files = {p.stem: p for p in sorted(RULES_DIR.glob("*.yaml"))}
    extensions = {}
    if folder is not None:
        own = Path(folder)
        if not own.is_dir():
            raise RulesError(f"rules folder {own} does not exist")
        for p in sorted(own.glob("*.yaml")):
            if p.name.endswith(".extend.yaml"):
                extensions[p.name[: -len(".extend.yaml")]] = p
            else:
                files[p.stem] = p
    spec = schema()
    out = {}
    for stem, path in list(files.items()) + list(extensions.items()):
        if stem not in spec["properties"]:
            raise RulesError(
                f"{path}: no rule file of this name is known (known: {', '.join(sorted(spec['properties']))})"
            )
    for stem, path in files.items():
        data = _read(path)
        if stem in extensions:
            data = _extend(data, _read(extensions[stem]), extensions[stem])
            path = extensions[stem]
        errors = sorted(
            jsonschema.Draft202012Validator(spec["properties"][stem]).iter_errors(data),
            key=lambda e: list(e.absolute_path),
        )
        if errors:
            e = errors[0]
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            raise RulesError(f"{path}: {where}: {e.message}")
        out[stem] = data
    missing = set(spec["required"]) - set(out)
    if missing:
        raise RulesError(f"rules folder {RULES_DIR} lacks {', '.join(sorted(missing))}.yaml")
    return out


def _read(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise RulesError(f"{path}: cannot be read as YAML: {e}") from e


def _extend(base, more, path: Path):
    """`more`'s lists appended to `base`'s (entries not already there), its mappings merged key by
    key; a key `base` lacks is kept, for the schema to refuse."""
    if not isinstance(more, dict):
        raise RulesError(f"{path}: an extension holds keys with the lists or entries to add")
    out = dict(base)
    for key, value in more.items():
        have = out.get(key)
        if isinstance(have, list) and isinstance(value, list):
            out[key] = have + [v for v in value if v not in have]
        elif isinstance(have, dict) and isinstance(value, dict):
            out[key] = _extend(have, value, path)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=1)
def rules() -> dict:
    """The rules in force in this process (the packaged ones, or VN_EXTRACTOR_RULES's folder)."""
    return read_folder(os.environ.get("VN_EXTRACTOR_RULES") or None)


_VOWEL = re.compile(r"[aăâeêioôơuưyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)


def alternation(phrases, capital: bool = False, ocr: bool = False) -> str:
    """A regular-expression alternation of word phrases, longest first: any whitespace between
    words, a hyphen or en dash with or without spaces for " - " (`capital`: the first letter in
    either case, the rest as written; `ocr`: every vowel stands for any letter, as OCR misreads
    tone marks and vowels: "Nưi nhận" for "Nơi nhận"). Every pattern built from rules/ words goes
    through here."""

    def word(p: str) -> str:
        if p in ("-", "–"):
            return r"[-–]"
        return "".join(r"[^\W\d_]" if _VOWEL.fullmatch(c) else re.escape(c) for c in p) if ocr else re.escape(p)

    def one(w: str) -> str:
        words = [word(p) for p in w.split()]
        body = r"\s+".join(words).replace(r"\s+[-–]\s+", r"\s*[-–]\s*")
        return f"[{w[0].upper()}{w[0].lower()}]{body[1:]}" if capital and w[0].isalpha() else body

    return "|".join(one(w) for w in sorted(phrases, key=len, reverse=True))
