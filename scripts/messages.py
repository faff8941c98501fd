#!/usr/bin/env python3
"""Writes web/locales/eyrie.pot, the template translators start from: every `{{#t}}…{{/t}}` of web/templates, its
`{{name}}` tags written `{name}` and its spaces collapsed, as Eyrie looks it up. `--check` only says whether the file
is up to date (a test runs it). Translators copy it to `<language>.po` (Poedit, Weblate) or merge it with msgmerge."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "web" / "templates"
POT = ROOT / "web" / "locales" / "eyrie.pot"
SECTION = re.compile(r"\{\{#t\}\}(.*?)\{\{/t\}\}", re.S)


def message_id(section):
    collapsed = " ".join(section.split())
    return collapsed.replace("{{", "{").replace("}}", "}")


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def pot():
    places = {}
    for path in sorted(TEMPLATES.rglob("*.mustache")):
        text = path.read_text(encoding="utf-8")
        for match in SECTION.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            places.setdefault(message_id(match.group(1)), []).append(f"{path.relative_to(ROOT)}:{line}")
    out = ['# Eyrie: every message a page shows, for translators. Made by scripts/messages.py; do not edit.',
           'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '']
    for message, where in places.items():
        out += [f"#: {' '.join(where)}", f"msgid {quoted(message)}", 'msgstr ""', ""]
    return "\n".join(out)


if __name__ == "__main__":
    text = pot()
    if "--check" in sys.argv:
        current = POT.read_text(encoding="utf-8") if POT.exists() else ""
        if current != text:
            sys.exit("web/locales/eyrie.pot is out of date: run python3 scripts/messages.py")
    else:
        POT.parent.mkdir(parents=True, exist_ok=True)
        POT.write_text(text, encoding="utf-8")
        print(f"{POT.relative_to(ROOT)}: {text.count('msgid ') - 1} messages")
