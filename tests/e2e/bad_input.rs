//! The bad-input matrix: the real binary fed every kind of wrong input a user can give it —
//! key files, configuration files, server URLs, flags and scripts. Each row says what is wrong,
//! the documented exit code (0 ok, 1 script error, 2 usage or configuration, 3 authentication,
//! 4 network or HTTP), and words the message must contain. Every row also checks that jshell did
//! not panic and printed none of the secrets it was given.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::harness::{self, PAT, World};

/// An access token secret given alongside the bad inputs; it must never be printed.
const TOKEN_SECRET: &str = "bad-input-token-secret-31337";
/// A token inside a broken configuration file; it must never be echoed.
const CONFIG_TOKEN: &str = "config-token-sekrit-4242";

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../oauth1/tests/fixtures");

/// One bad input and the answer it must get.
struct Case {
    /// What is wrong with the input.
    input: &'static str,
    args: Vec<String>,
    /// The expected exit code.
    exit: i32,
    /// Words the output (stderr, or stdout on success) must contain.
    says: Vec<String>,
    /// What must not be printed, besides the token secret.
    secrets: Vec<String>,
}

impl Case {
    fn new(input: &'static str, args: &[&str], exit: i32, says: &[&str]) -> Self {
        Self {
            input,
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            exit,
            says: says.iter().map(|words| (*words).to_owned()).collect(),
            secrets: Vec::new(),
        }
    }

    fn saying(mut self, words: String) -> Self {
        self.says.push(words);
        self
    }

    fn hiding(mut self, secret: String) -> Self {
        self.secrets.push(secret);
        self
    }
}

/// Runs `case` (standard input empty, at most 60 seconds) and checks its answer.
fn check(world: &World, case: &Case) -> Output {
    eprintln!("case: {}", case.input);
    let output = world
        .jshell()
        .args(&case.args)
        .write_stdin("")
        .timeout(Duration::from_secs(60))
        .output()
        .expect("jshell runs");
    let (out, err) = (harness::stdout(&output), harness::stderr(&output));
    assert_eq!(
        output.status.code(),
        Some(case.exit),
        "{}: exit code\nstdout:\n{out}\nstderr:\n{err}",
        case.input
    );
    for words in &case.says {
        assert!(
            err.contains(words.as_str()) || out.contains(words.as_str()),
            "{}: expected `{words}` in\nstdout:\n{out}\nstderr:\n{err}",
            case.input
        );
    }
    let mut secrets: Vec<&str> = case.secrets.iter().map(String::as_str).collect();
    secrets.push(TOKEN_SECRET);
    secrets.push(PAT);
    harness::assert_clean(&output, &secrets);
    output
}

fn write(world: &World, name: &str, contents: &[u8]) -> String {
    let path = world.path(name);
    std::fs::write(&path, contents).expect("written");
    path.display().to_string()
}

fn fixture(name: &str) -> String {
    Path::new(FIXTURES).join(name).display().to_string()
}

/// A port nothing listens on.
fn refused_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    listener.local_addr().expect("an address").port()
}

#[test]
fn bad_key_files_are_usage_errors_that_say_what_the_file_holds() {
    let world = World::new();
    let url = world.url();
    let pem = |name: &str| harness::key_material(Path::new(&fixture(name)));
    let garbage = write(
        &world,
        "garbage.pem",
        b"\x8b\x1f\x00 not a key at all \xff\xfe",
    );
    let empty = write(&world, "empty.pem", b"");
    let truncated = {
        let whole = std::fs::read_to_string(fixture("wiki_pkcs8.pem")).expect("a fixture");
        write(
            &world,
            "truncated.pem",
            &whole.as_bytes()[..whole.len() / 2],
        )
    };
    let missing = world.path("missing.pem").display().to_string();
    let directory = world.path("home").display().to_string();

    let run_with = |key: &str| -> Vec<String> {
        [
            "--server",
            &url,
            "--consumer-key",
            "bad-input",
            "--key-cert",
            key,
            "--access-token",
            "tok",
            "--access-token-secret",
            TOKEN_SECRET,
            "-e",
            "jira.myself()",
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let case = |input, key: &str, says: &[&str]| Case {
        args: run_with(key),
        ..Case::new(input, &[], 2, says)
    };

    let cases = [
        case(
            "a public key as --key-cert",
            &fixture("wiki_public.pem"),
            &["holds a public key; pass the private key"],
        ),
        case(
            "a certificate as --key-cert",
            &fixture("certificate.pem"),
            &["holds a public key"],
        ),
        case(
            "an encrypted PKCS#8 key",
            &fixture("encrypted_pkcs8.pem"),
            &["holds an encrypted private key", "openssl pkey -in"],
        )
        .hiding(pem("encrypted_pkcs8.pem")),
        case(
            "an encrypted PKCS#1 key",
            &fixture("encrypted_pkcs1.pem"),
            &["holds an encrypted private key"],
        ),
        case(
            "an encrypted DER key",
            &fixture("encrypted_pkcs8.der"),
            &["holds an encrypted private key"],
        ),
        case(
            "an EC key",
            &fixture("ec_sec1.pem"),
            &[
                "EC key, but OAuth 1.0a RSA-SHA1 needs an RSA key",
                "jshell keygen",
            ],
        )
        .hiding(pem("ec_sec1.pem")),
        case(
            "an Ed25519 key",
            &fixture("ed25519.pem"),
            &["Ed25519 key, but OAuth 1.0a RSA-SHA1 needs an RSA key"],
        )
        .hiding(pem("ed25519.pem")),
        case(
            "a 512-bit RSA key",
            &fixture("rsa512.pem"),
            &[
                "holds a 512-bit RSA key",
                "keys under 1024 bits are refused",
            ],
        )
        .hiding(pem("rsa512.pem")),
        case(
            "garbage bytes",
            &garbage,
            &["is not a readable RSA private key", "BEGIN PRIVATE KEY"],
        ),
        case(
            "an empty file",
            &empty,
            &["is not a readable RSA private key"],
        ),
        case(
            "a PEM key cut in half",
            &truncated,
            &["is not a readable RSA private key", "truncated"],
        ),
        case(
            "a file that does not exist",
            &missing,
            &["cannot read the private key file", "check the path"],
        )
        .saying(missing.clone()),
        case(
            "a directory",
            &directory,
            &["cannot read the private key file"],
        ),
        Case {
            args: [
                "login",
                "--server",
                &url,
                "--consumer-key",
                "bad-input",
                "--key-cert",
                &fixture("wiki_public.pem"),
            ]
            .map(str::to_owned)
            .to_vec(),
            ..Case::new(
                "a public key given to `jshell login`",
                &[],
                2,
                &["holds a public key; pass the private key"],
            )
        },
    ];
    for case in &cases {
        check(&world, case);
    }
    assert!(
        !world.config_path().exists(),
        "nothing is saved when the key is bad"
    );
}

#[test]
fn bad_configuration_files_are_usage_errors_naming_the_file() {
    let world = World::new();
    let url = world.url();
    let config = world.config_path();
    std::fs::create_dir_all(config.parent().expect("a parent")).expect("created");
    let shown = config.display().to_string();

    let info = ["--server", &url, "-e", "jira.server_info().deploymentType"];
    let cases: Vec<(Vec<u8>, Case)> = vec![
        (b"".to_vec(), Case::new("an empty file", &info, 0, &["Server"])),
        (
            b"# nothing but a comment\n".to_vec(),
            Case::new("a file holding only a comment", &info, 0, &["Server"]),
        ),
        (
            format!(
                "profiles:\n  a:\n    server: {url}\n    auth:\n      type: pat\n      token: \"{CONFIG_TOKEN}"
            )
            .into_bytes(),
            Case::new(
                "truncated YAML (an unterminated string holding a token)",
                &info,
                2,
                &["is not valid", "fix it or remove it and log in again"],
            )
            .hiding(CONFIG_TOKEN.to_owned()),
        ),
        (
            b"profiles:\n  a:\n    server: http://x\n    au".to_vec(),
            Case::new(
                "truncated YAML (a key cut short)",
                &info,
                2,
                &["is not valid", "line 5"],
            ),
        ),
        (
            b"profiles: 3\n".to_vec(),
            Case::new(
                "a number where the profiles map belongs",
                &info,
                2,
                &["invalid type: integer (value hidden), expected a map"],
            ),
        ),
        (
            b"default_profile: [a, b]\n".to_vec(),
            Case::new(
                "a list where a profile name belongs",
                &info,
                2,
                &["default_profile: invalid type: sequence, expected a string"],
            ),
        ),
        (
            format!(
                "profiles:\n  a:\n    server: http://x\n    auth: {{type: pat, token: [{CONFIG_TOKEN}]}}\n"
            )
            .into_bytes(),
            Case::new(
                "a list where the token belongs",
                &info,
                2,
                &["invalid type: sequence, expected a string"],
            )
            .hiding(CONFIG_TOKEN.to_owned()),
        ),
        (
            b"profiles:\n  a:\n    server: http://x\n    auth: {type: pat, token: t}\n    colour: red\n".to_vec(),
            Case::new(
                "an unknown key in a profile",
                &info,
                2,
                &["unknown field `colour`", "expected one of `server`"],
            ),
        ),
        (
            b"bogus: 1\n".to_vec(),
            Case::new(
                "an unknown top-level key",
                &info,
                2,
                &["unknown field `bogus`"],
            ),
        ),
        (
            format!("profiles:\n  a:\n    server: http://x\n    auth: {{type: pat, token: {CONFIG_TOKEN}, scope: all}}\n")
                .into_bytes(),
            Case::new(
                "an unknown key beside a token",
                &info,
                2,
                &["unknown field `scope`"],
            )
            .hiding(CONFIG_TOKEN.to_owned()),
        ),
        (
            b"\xff\xfe\x00p\x00r\x00o\x00".to_vec(),
            Case::new(
                "a file that is not UTF-8",
                &info,
                2,
                &["is not UTF-8 text"],
            ),
        ),
    ];
    for (contents, case) in &cases {
        std::fs::write(&config, contents).expect("written");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600))
                .expect("chmod");
        }
        let output = check(&world, case);
        if case.exit == 2 {
            assert!(
                harness::stderr(&output).contains(&shown),
                "{}: the message names the file",
                case.input
            );
        }
    }

    std::fs::remove_file(&config).expect("removed");
    std::fs::create_dir(&config).expect("a directory in the file's place");
    check(
        &world,
        &Case::new(
            "a directory where the file belongs",
            &info,
            2,
            &["cannot read the configuration file"],
        ),
    );
}

#[test]
fn bad_server_urls_are_usage_errors_and_unreachable_servers_network_errors() {
    let world = World::new();
    let url = world.url();
    let port = refused_port();
    let authority = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let with_pat = |server: &str| -> Vec<String> {
        ["--server", server, "--pat", PAT, "-e", "jira.myself()"]
            .map(str::to_owned)
            .to_vec()
    };
    let case = |input, server: &str, exit, says: &[&str]| Case {
        args: with_pat(server),
        ..Case::new(input, &[], exit, says)
    };

    let cases = [
        case(
            "no scheme",
            &authority,
            2,
            &[
                "it has no scheme",
                "write it as https://host or http://host",
            ],
        ),
        case(
            "a query string",
            &format!("{url}?a=b"),
            2,
            &["must not have a query or fragment"],
        ),
        case(
            "a fragment",
            &format!("{url}#top"),
            2,
            &["must not have a query or fragment"],
        ),
        case(
            "an ftp URL",
            "ftp://127.0.0.1/",
            2,
            &["only http and https"],
        ),
        case("no host", "http://", 2, &["empty host"]),
        case(
            "a broken IPv6 address",
            "http://[::1",
            2,
            &["invalid IPv6 address"],
        ),
        case(
            "an unreachable host (port 1)",
            "http://127.0.0.1:1",
            4,
            &["cannot connect to 127.0.0.1:1", "-e:1:6:"],
        ),
        case(
            "a port nothing listens on",
            &format!("http://127.0.0.1:{port}"),
            4,
            &["cannot connect to 127.0.0.1:", "check the server URL"],
        )
        .saying(format!("127.0.0.1:{port}")),
    ];
    for case in &cases {
        check(&world, case);
    }
}

#[test]
fn conflicting_and_incomplete_flags_are_usage_errors() {
    let world = World::new();
    let url = world.url();
    let script = write(&world, "one.rhai", b"1");
    let key = world.path("k.pem").display().to_string();

    let cases = [
        Case::new(
            "-e together with a script path",
            &["-e", "1", &script],
            2,
            &["'--eval <EXPR>' cannot be used with '[SCRIPT]'"],
        ),
        Case::new(
            "--callback oob with --no-callback",
            &[
                "login",
                "--callback",
                "oob",
                "--no-callback",
                "--server",
                &url,
            ],
            2,
            &["'--callback <oob>' cannot be used with '--no-callback'"],
        ),
        Case::new(
            "a callback other than oob",
            &[
                "login",
                "--callback",
                "http://evil.example/",
                "--server",
                &url,
            ],
            2,
            &["invalid value 'http://evil.example/' for '--callback <oob>'"],
        ),
        Case::new(
            "an unknown output format",
            &["--output", "xml", "-e", "1"],
            2,
            &[
                "invalid value 'xml' for '--output <FORMAT>'",
                "json, yaml, text",
            ],
        ),
        Case::new(
            "an unsupported key size",
            &["keygen", "--bits", "1024", "--out", &key],
            2,
            &["`1024` is not a supported key size; use 2048, 3072 or 4096"],
        ),
        Case::new(
            "a user name without a password (standard input empty)",
            &["--server", &url, "-u", "alice", "-e", "jira.myself()"],
            2,
            &["--username alice needs a password", "--prompt-for-password"],
        ),
        Case::new(
            "an access token without its secret, consumer or key",
            &[
                "--server",
                &url,
                "--access-token",
                "tok",
                "-e",
                "jira.myself()",
            ],
            2,
            &[
                "missing: --access-token-secret, --consumer-key, --key-cert",
                "does not fall back to anonymous",
            ],
        ),
        Case::new(
            "an unknown flag",
            &["--no-such-flag"],
            2,
            &["unexpected argument '--no-such-flag'"],
        ),
        Case::new(
            "an unknown profile",
            &["profiles", "show", "nope"],
            2,
            &["no profile named `nope`"],
        ),
        Case::new(
            "a script's options before a subcommand",
            &["-e", "1", "--allow-fs", "profiles", "list"],
            2,
            &[
                "-e/--eval, --allow-fs only apply to running a script, not to the `profiles` subcommand",
            ],
        ),
    ];
    for case in &cases {
        check(&world, case);
    }
    assert!(
        !world.path("k.pem").exists(),
        "a refused keygen writes nothing"
    );
}

#[test]
fn bad_scripts_are_script_errors_with_a_position() {
    let world = World::new();
    let missing = world.path("missing.rhai").display().to_string();
    let not_utf8 = write(&world, "latin1.rhai", b"let name = \"caf\xe9\";\n");
    let empty = write(&world, "empty.rhai", b"");
    // Far deeper than any parser recursion should be allowed to go.
    let deep = write(
        &world,
        "deep.rhai",
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes(),
    );
    let parens = format!("{}1{}", "(".repeat(300), ")".repeat(300));

    let cases = [
        Case::new(
            "a syntax error",
            &["-e", "let x = ;"],
            1,
            &["-e:1:9: Syntax error: Unexpected ';'", "let x = ;", "^"],
        ),
        Case::new(
            "an unterminated string",
            &["-e", "\"open"],
            1,
            &["Syntax error: Open string is not terminated"],
        ),
        Case::new(
            "an unclosed map",
            &["-e", "#{a: 1"],
            1,
            &["Syntax error: Expecting '}' to end this object map literal"],
        ),
        Case::new(
            "an unclosed parameter list",
            &["-e", "fn f( { }"],
            1,
            &["Expecting ')' to close the parameters list of function 'f'"],
        ),
        Case::new(
            "an undefined variable",
            &["-e", "nope + 1"],
            1,
            &["-e:1:1: Variable not found: nope"],
        ),
        Case::new(
            "an uncaught throw",
            &["-e", "throw \"boom\""],
            1,
            &["-e:1:1: Runtime error: boom"],
        ),
        Case::new(
            "infinite recursion",
            &["-e", "fn f(n) { f(n + 1) } f(0)"],
            1,
            &["Stack overflow"],
        ),
        Case::new(
            "deep recursion that would end",
            &[
                "-e",
                "fn f(n) { if n == 0 { 0 } else { 1 + f(n - 1) } } f(100000)",
            ],
            1,
            &["Stack overflow"],
        ),
        Case::new(
            "300 nested parentheses",
            &["-e", &parens],
            1,
            &["Syntax error: Expression exceeds maximum complexity"],
        ),
        Case::new(
            "100,000 nested arrays in a file",
            &[&deep],
            1,
            &["deep.rhai:1:", "Expression exceeds maximum complexity"],
        ),
        Case::new(
            "a script file that does not exist",
            &[&missing],
            2,
            &["cannot read the script", "missing.rhai"],
        ),
        Case::new(
            "a script file that is not UTF-8",
            &[&not_utf8],
            2,
            &["cannot read the script", "latin1.rhai"],
        ),
        Case::new("an empty script file", &[&empty], 0, &[]),
    ];
    for case in &cases {
        check(&world, case);
    }
}

/// A script that never ends is not stopped by jshell (there is no operation limit), but Ctrl-C
/// ends it with exit code 130.
#[cfg(unix)]
#[test]
fn a_runaway_loop_is_ended_by_ctrl_c() {
    let world = World::new();
    let mut child = world
        .jshell_process()
        .args(["-e", "print(\"looping\"); let n = 0; loop { n += 1; }"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("jshell starts");
    // The script's first line says the loop has started (and Ctrl-C's handler is in place).
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.as_mut().expect("piped")),
        &mut first,
    )
    .expect("a line");
    assert_eq!(first.trim(), "looping");
    let still_running = child.try_wait().expect("waitable").is_none();
    assert!(still_running, "the loop ended by itself: {child:?}");
    let signalled = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("waitable").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Ctrl-C did not stop a runaway loop within 20 seconds");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("finished");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    harness::assert_clean(&output, &[]);
}

#[test]
fn a_broken_configuration_only_breaks_what_needs_it() {
    let world = World::new();
    let config = world.config_path();
    std::fs::create_dir_all(config.parent().expect("a parent")).expect("created");
    std::fs::write(&config, "profiles:\n  a:\n    server: http://x\n    au").expect("written");
    let shown = config.display().to_string();

    let plain = check(
        &world,
        &Case::new(
            "a script that never calls jira",
            &["-e", "1 + 1"],
            0,
            &[
                "2",
                "warning:",
                "line 5",
                "scripts that do not use `jira` still run",
            ],
        )
        .saying(shown.clone()),
    );
    assert_eq!(harness::stdout(&plain).trim(), "2");

    check(
        &world,
        &Case::new(
            "a script calling jira with nothing but the broken file to say where",
            &["-e", "jira.myself()"],
            2,
            &["is not valid", "line 5"],
        )
        .saying(shown),
    );

    let url = world.url();
    check(
        &world,
        &Case::new(
            "flags that name the server and the credentials",
            &["--server", &url, "--pat", PAT, "-e", "jira.myself().name"],
            0,
            &["alice", "warning:"],
        ),
    );
}

#[test]
fn options_before_a_subcommand_apply_to_it_and_after_a_script_are_its_arguments() {
    let world = World::new();
    world.login_with_pat();
    let list = world
        .jshell()
        .args(["--quiet", "profiles", "list"])
        .output()
        .expect("runs");
    assert!(list.status.success(), "{}", harness::stderr(&list));
    let host = url::Url::parse(&world.url())
        .expect("a URL")
        .host_str()
        .expect("a host")
        .to_owned();
    assert!(
        harness::stdout(&list).contains(&host),
        "{}",
        harness::stdout(&list)
    );

    let script = write(&world, "args.rhai", b"ARGS");
    let run = world
        .jshell()
        .args(["--quiet", &script, "login", "profiles"])
        .output()
        .expect("runs");
    assert!(run.status.success(), "{}", harness::stderr(&run));
    assert_eq!(harness::stdout(&run).trim(), r#"["login","profiles"]"#);
}
