#!/usr/bin/python3
"""Every string the sources translate has its Russian (and English plural) translation.

    translations_complete.py LUPDATE SOURCE_DIR

Runs lupdate over the sources into copies of the committed .ts files and fails when a copy has an
unfinished entry (a new or changed string nobody translated) or a vanished one (a translated
string lupdate no longer finds: changed wording, or a call lupdate cannot read, whose words then
show in English). It also reads the sources itself for tr("…") and translate("Context", "…")
with one literal, and fails on one the .ts files do not have: lupdate skips some calls silently
(a translate() with a cast among its arguments) and then drops their translations."""

import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

CALL = re.compile(r'(?:\btr|\bQT_TR_NOOP|\bQT_TRANSLATE_NOOP\(\s*"[^"]+"\s*,|'
                  r'\btranslate\(\s*"[^"]+"\s*,)\(?\s*"((?:[^"\\]|\\.)*)"\s*[,)]')


def literal(text):
    return text.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def main():
    lupdate, source = sys.argv[1], pathlib.Path(sys.argv[2])
    files = [str(p) for layer in ("models", "views", "app") for p in (source / layer).rglob("*")
             if p.suffix in (".cpp", ".h")]
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("ru", "en"):
            committed = source / "resources" / "translations" / f"horoscope-admin_{lang}.ts"
            copy = pathlib.Path(tmp) / committed.name
            shutil.copy(committed, copy)
            subprocess.run([lupdate, "-locations", "none", *files, "-ts", str(copy)], check=True,
                           capture_output=True)
            for context in ET.parse(copy).getroot().iter("context"):
                name = context.findtext("name")
                for message in context.iter("message"):
                    kind = message.find("translation").get("type")
                    plural = message.get("numerus") == "yes"
                    # English needs only its plural forms; the sources are its singular text.
                    if kind == "unfinished" and (lang == "ru" or plural):
                        problems.append(f"{lang}: untranslated: {name}: {message.findtext('source')!r}")
                    elif kind in ("vanished", "obsolete"):
                        problems.append(f"{lang}: no longer found in the sources: {name}: "
                                        f"{message.findtext('source')!r}")
        known = {message.findtext("source")
                 for message in ET.parse(copy).getroot().iter("message")}
    for path in files:
        for found in CALL.finditer(pathlib.Path(path).read_text(encoding="utf-8")):
            text = literal(found.group(1))
            if text not in known:
                problems.append(f"{pathlib.Path(path).relative_to(source)}: lupdate does not see "
                                f"{text!r}")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s): refresh with `cmake --build build --target "
          "update_translations` and translate" if problems else "every string is translated")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
