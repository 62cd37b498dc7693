"""The PyYAML side of DeployRead's differential tests.

`files PATH...`      -> JSON list: for each file, its canonical node tree (as composed, and with
                        merge keys applied), the resolved kinds of its plain scalars, or the error.
`random SEED COUNT`  -> JSON list of COUNT random documents dumped by PyYAML in block, flow and
                        mixed styles (with anchors), each with its canonical tree.

The canonical form is shared with the Swift tests (DifferentialSupport.swift): scalars
`S<style>@line:col<len>value`, sequences `[@line:col ...]`, mappings `{@line:col k v ...}`;
an empty plain scalar carries no position (PyYAML places it at the next token).
"""
import json
import random
import sys

import yaml
from yaml.constructor import SafeConstructor

STYLES = {None: "p", "": "p", "'": "'", '"': '"', "|": "|", ">": ">"}


def canon(node, merged=False):
    mark = "@%d:%d" % (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        style = STYLES[node.style]
        tag = node.tag if node.tag.startswith("!") and node.tag != "!" else ""
        if node.value == "" and style == "p" and not tag:
            mark = ""
        value = node.value
        tag_part = "!" + tag + " " if tag else ""
        return "S%s%s%s<%d>%s" % (style, mark, tag_part, len(value.encode("utf-8")), value)
    if isinstance(node, yaml.SequenceNode):
        return "[" + mark + "".join(canon(item, merged) for item in node.value) + "]"
    pairs = dedupe(node.value) if merged else node.value
    return "{" + mark + "".join(canon(k, merged) + canon(v, merged) for k, v in pairs) + "}"


def dedupe(pairs):
    """Python-dict semantics: a key keeps its first position and takes its last value."""
    order, values = [], {}
    for key, value in pairs:
        identity = (key.tag, key.value) if isinstance(key, yaml.ScalarNode) else id(key)
        if identity not in values:
            order.append(identity)
        values[identity] = (key, value)
    return [values[i] for i in order]


class Strict(SafeConstructor):
    pass


def flatten(node, done):
    if id(node) in done:
        return
    done.add(id(node))
    if isinstance(node, yaml.MappingNode):
        Strict().flatten_mapping(node)
        for key, value in node.value:
            flatten(key, done)
            flatten(value, done)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            flatten(item, done)


def duplicate(node, seen_nodes):
    """The first duplicate key (strict, as DeployRead is), or None."""
    if id(node) in seen_nodes:
        return None
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                identity = (key.tag, key.value)
                if identity in seen:
                    return "duplicate key %r at line %d (first at line %d)" % (key.value, key.start_mark.line + 1, seen[identity])
                seen[identity] = key.start_mark.line + 1
            for child in (key, value):
                found = duplicate(child, seen_nodes)
                if found:
                    return found
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found = duplicate(item, seen_nodes)
            if found:
                return found
    return None


def kind(node):
    tag = node.tag.rsplit(":", 1)[-1]
    return tag if tag in ("null", "bool", "int", "float", "str") else "other:" + tag


def plains(node, out):
    if isinstance(node, yaml.ScalarNode):
        if node.style in (None, "") and not node.tag.startswith("!"):
            out.append([node.value, kind(node)])
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            plains(item, out)
    else:
        for key, value in node.value:
            plains(key, out)
            plains(value, out)
    return out


def read_file(path):
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        node = yaml.compose(data, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        return {"path": path, "error": str(error).replace("\n", " ")}
    if node is None:
        return {"path": path, "canon": "", "merged": "", "plains": []}
    found = duplicate(node, set())
    if found:
        return {"path": path, "error": found}
    result = {"path": path, "canon": canon(node), "plains": plains(node, [])}
    try:
        flatten(node, set())
        result["merged"] = canon(node, merged=True)
    except yaml.YAMLError as error:
        result["mergeError"] = str(error).replace("\n", " ")
    return result


ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyz",
    "abcXYZ0123456789 _-.",
    "abc :#-?,[]{}&*!|>'\"%@`\\/",
    "ab \t\n\r",
    "éüß日本語😀ab",
    "  \n\n a",
]
TOKENS = ["yes", "no", "on", "off", "null", "~", "true", "False", "0x1F", "0o17", "017", "1e3", "1_000", "1:30",
          ".inf", "-.inf", ".nan", "2001-12-14", "=", "-", ":", "- a", "a: b", "#x", " lead", "trail ", "a #b",
          "multi\nline\n", "\n\nlead", "end\n\n", "''", '""', "<<", "*a", "&a", "!tag", "%x", "@x", "`x", "| x", "> x",
          "---", "...", "--- x", "a\\b", "1.5", "+1", "-0", "0", "3.", ".5"]


def random_string(rng):
    choice = rng.random()
    if choice < 0.2:
        return rng.choice(TOKENS)
    alphabet = rng.choice(ALPHABETS)
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))


def random_key(rng):
    choice = rng.random()
    if choice < 0.08:
        return rng.randint(-50, 5000)
    if choice < 0.1:
        return rng.choice([True, False, None])
    while True:
        key = random_string(rng) if rng.random() < 0.3 else "".join(rng.choice("abcdefghij_-.") for _ in range(rng.randint(1, 12)))
        if key and "\n" not in key and "\r" not in key and len(key) < 60:
            return key


def random_scalar(rng):
    choice = rng.random()
    if choice < 0.6:
        return random_string(rng)
    if choice < 0.75:
        return rng.randint(-10**12, 10**12)
    if choice < 0.85:
        return rng.choice([0.5, -1.25, 3.0e10, 1e-7, float("inf"), float("-inf"), rng.uniform(-1e6, 1e6)])
    if choice < 0.95:
        return rng.choice([True, False])
    return None


def random_tree(rng, depth, shared):
    if depth <= 0 or rng.random() < 0.3:
        return random_scalar(rng)
    if shared and rng.random() < 0.1:
        return rng.choice(shared)
    if rng.random() < 0.5:
        value = [random_tree(rng, depth - 1, shared) for _ in range(rng.randint(0, 4))]
    else:
        value = {random_key(rng): random_tree(rng, depth - 1, shared) for _ in range(rng.randint(0, 4))}
    if rng.random() < 0.2:
        shared.append(value)
    return value


def random_documents(seed, count):
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        shared = []
        tree = random_tree(rng, rng.randint(1, 4), shared)
        options = {
            "default_flow_style": rng.choice([False, True, None]),
            "width": rng.choice([12, 30, 80, 100000]),
            "indent": rng.choice([2, 3, 4, 6]),
            "allow_unicode": rng.choice([True, False]),
            "explicit_start": rng.random() < 0.2,
            "explicit_end": rng.random() < 0.1,
            "sort_keys": rng.choice([True, False]),
        }
        if rng.random() < 0.15:
            options["default_style"] = rng.choice(['"', "'", "|", ">"])
        # Both of PyYAML's emitters (Python and libyaml); every 20th document is also composed by the
        # pure-Python loader, which must agree with the C loader used for speed.
        dumper = yaml.CSafeDumper if rng.random() < 0.5 else yaml.SafeDumper
        text = yaml.dump(tree, Dumper=dumper, **options)
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
        if len(out) % 20 == 0:
            slow = yaml.compose(text, Loader=yaml.SafeLoader)
            assert (canon(slow) if slow is not None else "") == (canon(node) if node is not None else ""), text
        out.append({"doc": text, "canon": canon(node) if node is not None else "", "plains": plains(node, []) if node is not None else [],
                    "options": json.dumps(dict(options, dumper=dumper.__name__), sort_keys=True)})
    return out


if __name__ == "__main__":
    if sys.argv[1] == "files":
        print(json.dumps([read_file(path) for path in sys.argv[2:]]))
    else:
        print(json.dumps(random_documents(int(sys.argv[2]), int(sys.argv[3]))))
