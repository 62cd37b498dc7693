import Testing

@testable import DeployCompiler

/// The scanners the rules share read ASCII text on its bytes (issue 10): each answer here is what the
/// reader it models gives (Go's `net.ParseIP`, Docker's reference grammar, Go's `url.Parse`, the rules'
/// own documented splitting), for ASCII text and for the same shapes with a non-ASCII character, which
/// keeps the character-based path.
@Suite("Scanner fast paths")
struct ScannerFastPathTests {
    @Test(
        "IPv4 addresses: four decimal octets 0-255 without leading zeros",
        arguments: [
            ("127.0.0.1", true), ("0.0.0.0", true), ("255.255.255.255", true), ("1.2.3.4", true),
            ("256.0.0.1", false), ("01.2.3.4", false), ("1.2.3", false), ("1.2.3.4.", false), (".1.2.3", false),
            ("1..2.3", false), ("1.2.3.4.5", false), ("1234.1.1.1", false), ("", false), ("a.b.c.d", false),
            ("1.2.3.4 ", false), ("1.2.3.-4", false), ("1.2.3.٤", false), ("١.2.3.4", false), ("1.2.3.4é", false),
        ])
    func ipv4(_ text: String, valid: Bool) {
        #expect(IPAddress.isIPv4(text) == valid)
    }

    @Test(
        "segments: runs of [A-Za-z0-9_.-], a lone '.' dropped",
        arguments: [
            ("http://influxdb:8086", ["http", "influxdb", "8086"]), ("data/test", ["data", "test"]),
            ("./data//test/.", ["data", "test"]), ("home_assistant_events", ["home_assistant_events"]), ("", []),
            (". .", []), ("a.b", ["a.b"]), ("é/data", ["data"]), ("x€y", ["x", "y"]),
        ])
    func segments(_ text: String, expected: [String]) {
        #expect(IsolationText.segments(text) == expected)
        #expect(IsolationText.isName(text) == (text.isEmpty || expected == [text]))
    }

    @Test(
        "secret-looking keys, case-insensitive",
        arguments: [
            ("INFLUXDB_TOKEN", true), ("token", true), ("Password", true), ("DB_PASS", true), ("my_api_key", true),
            ("APIKEY", true), ("GITHUB_CLIENT_SECRET", true), ("PRIVATE_KEY_PATH", true), ("AWS_CREDENTIALS", true),
            ("LDAP_PASSWD", true), ("CACHE_TTL_SECONDS", false), ("LOG_LEVEL", false), ("TOKENS", false),
            ("PASSPORT", false), ("KEY", false), ("", false), ("É_PASSWORD", true), ("É_TOKEN", true), ("ÉTAT", false),
        ])
    func secretKeys(_ key: String, secret: Bool) {
        #expect(SecretNames.looksSecret(key) == secret)
    }

    @Test("URLs: the last '@' ends the user information, the last ':' starts the port, for ASCII and other text")
    func urls() throws {
        let found = try #require(URLScanner.urls(in: "x=http://user:p@ss@db:5432/a").first)
        #expect(found.user == "user" && found.password == "p@ss" && found.host == "db" && found.port == 5432)
        let accented = try #require(URLScanner.urls(in: "http://usér:pw@hôst:81").first)
        #expect(accented.user == "usér" && accented.password == "pw" && accented.host == "hôst" && accented.port == 81)
        let ipv6 = try #require(URLScanner.urls(in: "https://[::1]:8443/x").first)
        #expect(ipv6.host == "[::1]" && ipv6.port == 8443 && ipv6.portIsExplicit)
        let implicit = try #require(URLScanner.urls(in: "http://influxdb").first)
        #expect(implicit.host == "influxdb" && implicit.port == 80 && !implicit.portIsExplicit)
    }

    @Test(
        "image references: a tag after the last '/', a digest after '@'",
        arguments: [
            ("influxdb:2.7.10", nil), ("localhost:5000/app", "which has no tag and so means 'latest'"),
            ("localhost:5000/app:1.0", nil), ("ghcr.io/homeiq/api:latest", "whose tag 'latest' changes under you"),
            ("app:", "whose tag is empty"), ("app@sha256:abc", "whose sha256 digest is not 64 lowercase hex digits"),
            ("dépôt/app:1.0", nil), ("dépôt:5000/app", "which has no tag and so means 'latest'"),
        ])
    func images(_ reference: String, problem: String?) {
        #expect(ImagesPinnedRule.problem(with: reference) == problem)
    }

    @Test("env.portable: a nested `${` in a default and `{ } $` or line breaks in a message, also in non-ASCII text")
    func composeProblems() {
        #expect(EnvPortableRule.composeProblem(ResolvedValue(parts: [.variable(name: "A", default: "x${B}")])) != nil)
        #expect(EnvPortableRule.composeProblem(ResolvedValue(parts: [.variable(name: "A", default: "é${B}")])) != nil)
        #expect(EnvPortableRule.composeProblem(ResolvedValue(parts: [.variable(name: "A", default: "$ {B}")])) != nil)
        #expect(EnvPortableRule.composeProblem(ResolvedValue(parts: [.variable(name: "A", default: "plain é")])) == nil)
        #expect(
            EnvPortableRule.composeProblem(ResolvedValue(parts: [.secret(name: "A", message: "set é\nnow")]))
                == "the message or default of ${A} contains '\\n'")
        #expect(
            EnvPortableRule.composeProblem(ResolvedValue(parts: [.secret(name: "A", message: "set } now")]))
                == "the message or default of ${A} contains '}'")
        #expect(EnvPortableRule.composeProblem(ResolvedValue(parts: [.secret(name: "A", message: "set A")])) == nil)
    }
}
