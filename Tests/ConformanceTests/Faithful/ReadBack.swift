import DeployCompiler
import DeployModel
import Foundation
import TestSupport

/// Reads generated files back through PyYAML, python-dotenv and Docker Compose v2's own model
/// (`config --format json`, which interpolates), in one Python process per batch.
struct ReadBack {
    let python: ValidatorPython
    let compose: URL

    /// One value to check in one file.
    struct Check: Encodable {
        var id: Int
        var yaml: Encoded?
        var compose: Encoded?
        var dotenv: Encoded?

        init(id: Int, _ expectations: (yaml: Expectation?, compose: Expectation?, dotenv: Expectation?)) {
            self.id = id
            yaml = Encoded(expectations.yaml)
            compose = Encoded(expectations.compose)
            dotenv = Encoded(expectations.dotenv)
        }

        struct Encoded: Encodable {
            var path: [PathStep]
            /// Hex of the UTF-8 bytes, nil for a presence check.
            var hex: String?
            var isPath: Bool
            /// `text`, `constraint` or `wrapper` (see `Expectation.Reading`).
            var reading: String

            init?(_ expectation: Expectation?) {
                guard let expectation else { return nil }
                path = expectation.path
                hex = expectation.text.map(Hex.encode)
                isPath = expectation.isPath
                reading = expectation.reading.rawValue
            }
        }
    }

    /// One mode's compose file and env file, the checks in them, and the deploy environment
    /// Compose runs with (the secrets the file demands).
    struct File: Encodable {
        var compose: String
        var env: String
        var checks: [Check]
        var environment: [String: String]
        /// Which case's stack the file is, when files of several stacks are read at once.
        var group = 0
        /// The top-level keys the file may have: any other was injected (a header comment ended early).
        var topLevelKeys = Self.composeFileKeys

        static let composeFileKeys = ["name", "x-homeiq", "services", "networks", "volumes"]
        /// A Swarm stack file has no `name`, and has `version` and the Swarm secrets.
        static let stackFileKeys = ["version", "x-homeiq", "services", "networks", "volumes", "secrets"]
    }

    /// What the readers said about the files.
    struct Report: Decodable {
        /// A reader that refused a whole file.
        var fileErrors: [FileError]

        struct FileError: Decodable {
            var group: Int
            var message: String
        }
        var failures: [Failure]

        struct Failure: Decodable {
            var id: Int
            var reader: String
            var got: String
        }
    }

    private struct Request: Encodable {
        var compose: String
        var files: [File]
    }

    static let script = #"""
        import json, os, posixpath, re, subprocess, sys, tempfile, yaml
        from dotenv import dotenv_values

        request = json.load(sys.stdin)
        Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        report = {"fileErrors": [], "failures": []}

        def short(value):
            text = repr(value)
            return text if len(text) < 300 else text[:300] + "...(%d characters)" % len(text)

        def unescape(node):
            # `config` writes every `$` of its model as `$$`.
            if isinstance(node, str):
                return node.replace("$$", "$")
            if isinstance(node, list):
                return [unescape(item) for item in node]
            if isinstance(node, dict):
                return {unescape(key): unescape(value) for key, value in node.items()}
            return node

        MISSING = object()

        # swarmkit's manager/constraint Parse: the first of "==" and "!=" that the text holds splits it
        # once; Go's strings.TrimSpace trims both sides; the key and the value must match these patterns
        # (Go's (?i) folds K to the Kelvin sign and s to the long s; its \s is [\t\n\f\r ]; $ is the end).
        GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
        CONSTRAINT_KEY = re.compile("[A-Za-z_\u017f\u212a][A-Za-z0-9\\-_.\u017f\u212a]+\\Z")
        CONSTRAINT_VALUE = re.compile("[A-Za-z0-9:\\-_\t\n\f\r .*()?+\\[\\]\\\\^$|/\u017f\u212a]+\\Z")

        def swarm_constraint(text):
            if not isinstance(text, str):
                return "not a string: %s" % short(text)
            for operator in ("==", "!="):
                if operator in text:
                    key, value = (part.strip(GO_SPACE) for part in text.split(operator, 1))
                    if not CONSTRAINT_KEY.match(key):
                        return "Swarm refuses the key %s" % short(key)
                    if not CONSTRAINT_VALUE.match(value):
                        return "Swarm refuses the value %s" % short(value)
                    return [key, operator, value]
            return "Swarm finds no operator in %s" % short(text)

        def run_wrapper(entrypoint, expected):
            # The entrypoint Compose holds, run by /bin/sh with the secret files in a folder of their
            # own; the command it execs prints the environment it was given.
            if not (isinstance(entrypoint, list) and len(entrypoint) == 4 and entrypoint[:2] == ["/bin/sh", "-c"]):
                return "not a wrapper: %s" % short(entrypoint)
            with tempfile.TemporaryDirectory() as secrets:
                for name, content in expected["secrets"].items():
                    with open(os.path.join(secrets, name), "w") as handle:
                        handle.write(content)
                script = entrypoint[2].replace("/run/secrets/", secrets + "/")
                printer = "import json, os, sys; sys.stdout.write(json.dumps(dict(os.environ)))"
                result = subprocess.run(["/bin/sh", "-c", script, entrypoint[3], sys.executable, "-c", printer], capture_output=True, env={})
            if result.returncode != 0:
                return "the wrapper failed (%d): %s" % (result.returncode, short(result.stderr.decode("utf-8", "replace")))
            seen = json.loads(result.stdout)
            variable = expected["variable"]
            return {variable: seen.get(variable, "(unset)")}

        def find(tree, path):
            for step in path:
                if isinstance(step, int):
                    if not isinstance(tree, list) or step >= len(tree):
                        return MISSING
                elif not isinstance(tree, dict) or step not in tree:
                    return MISSING
                tree = tree[step]
            return tree

        for file in request["files"]:
            name = os.path.basename(file["compose"])
            try:
                with open(file["compose"], "rb") as handle:
                    document = yaml.load(handle.read().decode("utf-8"), Loader=Loader)
                unexpected = sorted(set(document) - set(file["topLevelKeys"]))
                if unexpected:
                    report["fileErrors"].append({"group": file["group"], "message": "%s: PyYAML: unexpected top-level keys %s" % (name, short(unexpected))})
            except Exception as error:
                document = None
                report["fileErrors"].append({"group": file["group"], "message": "%s: PyYAML: %s" % (name, short(str(error)))})
            try:
                # python-dotenv expands ${NAME} from the process environment: give it the deploy
                # environment only (a variable of this test process must not fill a case's ${NAME}).
                saved = dict(os.environ)
                os.environ.clear()
                os.environ.update(file["environment"])
                try:
                    environment = dotenv_values(file["env"])
                finally:
                    os.environ.clear()
                    os.environ.update(saved)
            except Exception as error:
                environment = None
                report["fileErrors"].append({"group": file["group"], "message": "%s: python-dotenv: %s" % (name, short(str(error)))})
            with tempfile.TemporaryDirectory() as home:
                # Compose interpolates from its environment: only the deploy environment and a private
                # DOCKER_CONFIG (no PATH or HOME that a case's ${PATH:-d} would read).
                variables = {"DOCKER_CONFIG": home}
                variables.update(file["environment"])
                result = subprocess.run(
                    [request["compose"], "-f", file["compose"], "--env-file", file["env"], "--profile", "*",
                     "config", "--format", "json", "--no-path-resolution", "--no-env-resolution"],
                    capture_output=True, env=variables, cwd=os.path.dirname(file["compose"]))
            if result.returncode != 0:
                model = None
                report["fileErrors"].append({"group": file["group"], "message": "%s: compose: %s" % (name, short(result.stderr.decode("utf-8", "replace")[-2000:]))})
            else:
                model = unescape(json.loads(result.stdout))
            for check in file["checks"]:
                for reader, tree, key in (("PyYAML", document, "yaml"), ("compose", model, "compose"), ("python-dotenv", environment, "dotenv")):
                    expectation = check.get(key)
                    if expectation is None or tree is None:
                        continue
                    got = find(tree, expectation["path"])
                    if got is MISSING:
                        report["failures"].append({"id": check["id"], "reader": reader, "got": "nothing at %s in %s" % (short(expectation["path"]), name)})
                        continue
                    if expectation.get("hex") is None:
                        continue
                    expected = bytes.fromhex(expectation["hex"]).decode("utf-8")
                    if expectation["reading"] == "constraint":
                        got, expected = swarm_constraint(got), json.loads(expected)
                    elif expectation["reading"] == "wrapper":
                        wanted = json.loads(expected)
                        got = run_wrapper(got, wanted)
                        expected = {wanted["variable"]: next(iter(wanted["secrets"].values()))}
                    if expectation["reading"] in ("prefix", "suffix") and isinstance(got, str):
                        same = got.startswith(expected) if expectation["reading"] == "prefix" else got.endswith(expected)
                    elif expectation["isPath"] and isinstance(got, str):
                        same = posixpath.normpath(got) == posixpath.normpath(expected)
                    else:
                        same = got == expected
                    if not same:
                        report["failures"].append({"id": check["id"], "reader": reader, "got": "%s, expected %s, in %s" % (short(got), short(expected), name)})
        print(json.dumps(report))
        """#

    /// Reads every file and checks its checks, in one Python process.
    func read(_ files: [File]) throws -> Report {
        let request = Request(compose: compose.path, files: files)
        let result = try python.run(Self.script, stdin: try JSONEncoder().encode(request))
        guard result.status == 0, let report = try? JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8)) else {
            throw ReaderFailure(message: "the reader script failed (\(result.status)): \(result.stderr.suffix(2000))")
        }
        return report
    }

    struct ReaderFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
