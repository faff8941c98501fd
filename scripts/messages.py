#!/usr/bin/env python3
"""Writes web/locales/eyrie.pot, the template translators start from, with every message Eyrie shows:

- each `{{#t}}…{{/t}}` of web/templates, its `{{name}}` tags written `{name}` and its spaces collapsed, as the
  templates look it up;
- each English phrase of the Swift sources (Sources/): the string literals given to `say(…)`, `Phrase(…)`,
  `.plural(…)` (one and many), `flash:`, a `FieldError` or `.init(field, …)` message, an `Unavailable` message, and
  every literal of a declaration typed `Phrase` (`-> Phrase {`, `: Phrase = …`), or of a `label`/`noun` of the
  core's states and kinds (`var label: String {`). A named interpolation `\\("name", value)` is the placeholder
  `{name}`.

`--check` only says whether the file is up to date (a test runs it). Translators copy it to `<language>.po`
(Poedit, Weblate) or merge it with msgmerge."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "web" / "templates"
SOURCES = ROOT / "Sources"
POT = ROOT / "web" / "locales" / "eyrie.pot"
SECTION = re.compile(r"\{\{#t\}\}(.*?)\{\{/t\}\}", re.S)


def message_id(section):
    collapsed = " ".join(section.split())
    return collapsed.replace("{{", "{").replace("}}", "}")


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def balanced(text, start):
    """The index just after the bracket closing the one at `start`, skipping string literals."""
    return scan(text, start, argument=False)


def scan(text, start, argument):
    """From `start`, skipping string literals: with `argument`, the index of the comma or bracket that ends the
    argument beginning there; without, the index just after the bracket closing the one at `start`."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == '"':
            i = literal_end(text, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if argument and depth == 0:
                return i
            depth -= 1
            if not argument and depth == 0:
                return i + 1
        elif c == "," and argument and depth == 0:
            return i
        i += 1
    return len(text)


def literal_end(text, start):
    """The index just after the string literal opening at `start` (single-line literals, with interpolations)."""
    if text.startswith('"""', start):
        end = text.find('"""', start + 3)
        return len(text) if end < 0 else end + 3
    i = start + 1
    while i < len(text) and text[i] != '"':
        if text.startswith("\\(", i):
            i = balanced(text, i + 1)
            continue
        i += 2 if text[i] == "\\" else 1
    return i + 1


def literal_text(raw):
    """A Swift literal's message: `\\("name", …)` becomes `{name}`, escapes are read."""
    body, out, i = raw[1:-1], [], 0
    while i < len(body):
        if body.startswith("\\(", i):
            end = balanced(body, i + 1)
            named = re.match(r'\\\(\s*(?:number:\s*)?"(\w+)"\s*,', body[i:end])
            out.append("{" + named.group(1) + "}" if named else body[i:end])
            i = end
        elif body[i] == "\\" and i + 1 < len(body):
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def literals(text, start, end):
    """The single-line string literals between `start` and `end`, outermost only, with where they start."""
    i, found = start, []
    while i < end:
        if text[i] == '"':
            stop = literal_end(text, i)
            ternary = text[:i].rstrip().endswith("?")  # `c ? "a" : "b"`: a choice, not a dictionary's key
            key = (re.match(r"\s*:(?!:)", text[stop:stop + 3]) and not ternary) or (text[i - 1] == "[" and text[stop:stop + 1] == "]")
            if not text.startswith('"""', i) and not key:
                found.append((i, text[i:stop]))  # not a dictionary key nor a subscript
            i = stop
        elif text.startswith("//", i):
            i = text.find("\n", i) if text.find("\n", i) >= 0 else end
        else:
            i += 1
    return found


CALLS = re.compile(r"\b(say|Phrase|FieldError|Unavailable|refuse|fail|refusal|TextRule)\(|\.failure\(\.init\(|\.(?:forbidden|notNow)\(|\.plural\(|errors\.append\(\.init\(|errors: \[\.init\(|\bflash: ")
TYPED = re.compile(r"(->\s*Phrase\s*\{|:\s*Phrase\s*\{|:\s*\[?Phrase\]?\s*=|:\s*\[\(Phrase[^=\n]*=)")
COUNTS = re.compile(r"\bDates\.count\(")
LABELLED = re.compile(r"\b(label|title|message|writtenIn|detail|telling|reason): (?=\")")
LABELS = re.compile(r"\bvar (label|noun|done|meaning|hint|instructions): String\s*\{")


def swift_messages(text):
    """(message, plural or None, offset) for each phrase of one Swift file."""
    found, others = [], set()
    for match in re.finditer(r"\.(saying|with)\(", text):  # the names of values to translate, not messages
        others.update(at for at, _ in literals(text, match.end(), balanced(text, match.end() - 1)))
    for match in re.finditer(r"\b(file|column): (?=\")", text):  # where an import error is, not what it says
        others.add(match.end())
    for match in CALLS.finditer(text):
        open_at = match.end() - 1
        if match.group(0) == "flash: ":
            start, end = open_at, scan(text, open_at, argument=True)
        else:
            end = balanced(text, open_at)
            start = open_at + 1
        items = literals(text, start, end)
        name = match.group(1) or match.group(0)
        if name in ("FieldError", "errors.append(.init(", "errors: [.init(", "TextRule") and text[start:].lstrip().startswith('"'):
            items = items[1:]  # the field's name
        elif name in ("fail", "refusal") and len(items) > 1 and text[start:].lstrip().startswith('"'):
            items = items[1:]  # the column's name
        elif name == "Unavailable":
            items = [x for x in items if not re.fullmatch(r'"\w+"', x[1])]
        if name == ".plural(" and len(items) >= 2:
            found.append((literal_text(items[0][1]), literal_text(items[1][1]), items[0][0]))
            others.add(items[1][0])
            items = items[2:]
        found += [(literal_text(raw), None, at) for at, raw in items]
    for match in TYPED.finditer(text):
        if match.group(0).endswith("{"):
            end = balanced(text, match.end() - 1)
        elif re.match(r"\s*switch\b[^\n]*\{", text[match.end():]):  # `: Phrase = switch x { … }`
            end = balanced(text, text.index("{", match.end()))
        elif re.match(r"\s*\[", text[match.end():]):  # `: [Phrase] = [ … ]`
            end = balanced(text, text.index("[", match.end()))
        else:
            end = text.find("\n", match.end())
            while text[end - 1] in "?:(,+" or text[end + 1:].lstrip().startswith((":", "?", ".")):
                end = text.find("\n", end + 1)
        found += [(literal_text(raw), None, at) for at, raw in literals(text, match.end(), end)]
    for match in COUNTS.finditer(text):  # Dates.count(n, "idea", "ideas"): `{count} idea`, `{count} ideas`
        items = literals(text, match.end(), balanced(text, match.end() - 1))
        if len(items) >= 2:
            found.append(("{count} " + literal_text(items[0][1]), "{count} " + literal_text(items[1][1]), match.start()))
            others.update((items[0][0], items[1][0]))
    for match in LABELLED.finditer(text):  # one lower-case word there is a name (a logger's label), not a message
        if re.search(r"\.close\(", text[text.rfind("\n", 0, match.start()):match.start()]):
            continue  # a WebSocket's close reason is for the program at the other end
        found += [(literal_text(raw), None, at) for at, raw in literals(text, match.end(), literal_end(text, match.end()))
                  if not re.fullmatch(r'"[a-z]+"', raw)]
    for match in LABELS.finditer(text):
        end = balanced(text, match.end() - 1)
        found += [(literal_text(raw), None, at) for at, raw in literals(text, match.end(), end)]
    # Interpolation names and empty texts are not messages; plural ones win over their one form.
    return [(m, p, at) for m, p, at in found
            if at not in others and not re.fullmatch(r"[a-z_]+[._-][a-z_.-]+", m) and "\\(" not in m and re.search(r"[A-Za-z→]", re.sub(r"\{\w+\}", "", m))]


def pot():
    places, plurals = {}, {}
    for path in sorted(TEMPLATES.rglob("*.mustache")):
        text = path.read_text(encoding="utf-8")
        for match in SECTION.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            places.setdefault(message_id(match.group(1)), []).append(f"{path.relative_to(ROOT)}:{line}")
    for path in sorted(SOURCES.rglob("*.swift")):
        if "EyrieDemo" in path.parts or path.name.startswith("Bench"):  # the demo's content is what members would write, not Eyrie's words
            continue
        text = path.read_text(encoding="utf-8")
        for message, plural, at in swift_messages(text):
            line = text.count("\n", 0, at) + 1
            where = f"{path.relative_to(ROOT)}:{line}"
            if where not in places.setdefault(message, []):
                places[message].append(where)
            if plural:
                plurals[message] = plural
    out = ['# Eyrie: every message a page shows, for translators. Made by scripts/messages.py; do not edit.',
           'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '']
    for message, where in places.items():
        out.append(f"#: {' '.join(where)}")
        if "{" in message:
            out.append("#, placeholders kept as written: " + ", ".join(sorted(set(re.findall(r"\{[\w.]+\}", message)))))
        out.append(f"msgid {quoted(message)}")
        if message in plurals:
            out += [f"msgid_plural {quoted(plurals[message])}", 'msgstr[0] ""', 'msgstr[1] ""', ""]
        else:
            out += ['msgstr ""', ""]
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
        print(f"{POT.relative_to(ROOT)}: {text.count(chr(10) + 'msgid ') - 1} messages")
