//! The interactive REPL on a pseudo-terminal: what a person at the keyboard sees.

use std::time::Duration;

use rexpect::session::PtySession;

use crate::harness::{PAT, World};

/// Generous: these bound a hang, they do not measure speed.
const PATIENCE_MS: u64 = 15_000;

fn start(world: &World) -> PtySession {
    let mut command = world.jshell_process();
    command
        .env("TERM", "xterm")
        .args(["--server", &world.url(), "--pat", PAT]);
    let mut session = rexpect::session::spawn_command(command, Some(PATIENCE_MS))
        .expect("jshell starts on a pty");
    session.exp_string("jshell> ").expect("a prompt");
    session
}

/// Ends the session with Ctrl-D. Callers first wait for the prompt: rustyline switches the
/// terminal to raw mode with a flush, so a key sent before the prompt appears can be lost.
fn quit(mut session: PtySession) {
    session.send_control('d').expect("Ctrl-D");
    session.exp_eof().expect("jshell exits on Ctrl-D");
}

#[test]
fn the_banner_names_the_server_and_the_user() {
    let world = World::new();
    let mut command = world.jshell_process();
    command
        .env("TERM", "xterm")
        .args(["--server", &world.url(), "--pat", PAT]);
    let mut session = rexpect::session::spawn_command(command, Some(PATIENCE_MS)).expect("starts");
    session
        .exp_string(&format!(
            "<jshell {} ({})>",
            env!("CARGO_PKG_VERSION"),
            world.url()
        ))
        .expect("the banner");
    session
        .exp_string("*** jshell active; client is in 'jira'. Press Ctrl-D to exit.")
        .expect("the banner's second line");
    session
        .exp_string("Authenticated as Alice Example (alice)")
        .expect("who");
    session.exp_string("jshell> ").expect("a prompt");
    quit(session);
}

#[test]
fn multi_line_definitions_persist_and_values_are_echoed() {
    let world = World::new();
    let mut session = start(&world);
    session.send_line("fn double(x) {").expect("typed");
    session.exp_string("...").expect("a continuation prompt");
    session.send_line("    x * 2").expect("typed");
    session.exp_string("...").expect("still continuing");
    session.send_line("}").expect("typed");
    session.exp_string("jshell> ").expect("back at the prompt");
    session
        .send_line("let answer = double(21);")
        .expect("typed");
    session.exp_string("jshell> ").expect("a prompt");
    session.send_line("answer + 0").expect("typed");
    session
        .exp_regex(r"Out\[\d+\]: 42")
        .expect("the value echoed");
    session.send_line("_ * 2").expect("typed");
    session
        .exp_regex(r"Out\[\d+\]: 84")
        .expect("`_` holds the last value");
    session.exp_string("jshell> ").expect("back at the prompt");
    quit(session);
}

#[test]
fn tab_completes_jira_methods() {
    let world = World::new();
    let mut session = start(&world);
    session.send("jira.server_").expect("typed");
    session.send("\t").expect("tab");
    session.flush().expect("sent");
    session.exp_string("server_info(").expect("completed");
    session
        .send(").deploymentType\r")
        .expect("finished the line");
    session.flush().expect("sent");
    session
        .exp_regex(r"Out\[\d+\]: Server")
        .expect("the call ran");
    session.exp_string("jshell> ").expect("back at the prompt");
    quit(session);
}

#[test]
fn an_error_shows_a_caret_and_the_session_goes_on() {
    let world = World::new();
    let mut session = start(&world);
    session.send_line("1 +* 2").expect("typed");
    session
        .exp_string("error: <input>:1:")
        .expect("an error with its position");
    session.exp_string("^").expect("a caret");
    session.exp_string("jshell> ").expect("still running");
    session.send_line("1 + 1").expect("typed");
    session
        .exp_regex(r"Out\[\d+\]: 2")
        .expect("the next input works");
    session.exp_string("jshell> ").expect("back at the prompt");
    quit(session);
}

#[test]
fn ctrl_c_interrupts_a_slow_call_and_the_next_input_works() {
    let world = World::with(|builder| builder.latency(Duration::from_secs(10)));
    let mut command = world.jshell_process();
    // An anonymous session: the banner makes no call, so it is not slowed by the latency.
    command
        .env("TERM", "xterm")
        .args(["--server", &world.url()]);
    let mut session = rexpect::session::spawn_command(command, Some(PATIENCE_MS)).expect("starts");
    session.exp_string("jshell> ").expect("a prompt");
    let before = world.server.arrivals();
    session.send_line("jira.server_info()").expect("typed");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while world.server.arrivals() == before {
        assert!(
            std::time::Instant::now() < deadline,
            "the call never reached fakejira"
        );
        std::thread::yield_now();
    }
    session.send_control('c').expect("Ctrl-C");
    session
        .exp_string("interrupted")
        .expect("the call is interrupted, well before 10 s");
    session.exp_string("jshell> ").expect("back at the prompt");
    session.send_line("40 + 2").expect("typed");
    session
        .exp_regex(r"Out\[\d+\]: 42")
        .expect("the next input works");
    session.exp_string("jshell> ").expect("back at the prompt");
    quit(session);
}

#[test]
fn history_is_kept_across_sessions() {
    let world = World::new();
    let mut first = start(&world);
    first.send_line("let marker = 8675309;").expect("typed");
    first.exp_string("jshell> ").expect("a prompt");
    quit(first);

    let mut second = start(&world);
    second.send_line(":history").expect("typed");
    second
        .exp_string("let marker = 8675309;")
        .expect("the first session's input");
    second.exp_string("jshell> ").expect("a prompt");
    quit(second);
    assert!(
        world.path("home/.local/share/jshell/history").exists(),
        "history lives in the XDG data directory"
    );
}

#[test]
fn commands_help_vars_and_save() {
    let world = World::new();
    let mut session = start(&world);
    session.send_line(":help").expect("typed");
    session
        .exp_string("jira.search_issues(")
        .expect("the jira methods are listed");
    session.exp_string("jshell> ").expect("a prompt");
    session.send_line("let project = \"ABC\";").expect("typed");
    session.exp_string("jshell> ").expect("a prompt");
    session.send_line(":vars").expect("typed");
    session
        .exp_string("let project: string")
        .expect("the variable is listed");
    let saved = world.path("session.rhai");
    session
        .send_line(&format!(":save {}", saved.display()))
        .expect("typed");
    session.exp_string("Saved 1 inputs").expect("saved");
    session.exp_string("jshell> ").expect("back at the prompt");
    quit(session);
    let script = std::fs::read_to_string(&saved).expect("written");
    assert!(script.contains("let project = \"ABC\";"), "{script}");
}

#[test]
fn lines_pasted_at_once_or_typed_during_a_slow_call_all_run() {
    let world = World::with(|builder| {
        builder
            .auto_approve(crate::harness::USER)
            .latency(Duration::from_millis(400))
    });
    let mut session = start(&world);
    // A paste without bracketed-paste mode: three lines in one write.
    session.send("let x = 40;\nx + 1\nx + 2\n").expect("pasted");
    session.flush().expect("sent");
    session
        .exp_regex(r"Out\[\d+\]: 41")
        .expect("the second line ran");
    session
        .exp_regex(r"Out\[\d+\]: 42")
        .expect("the third line ran");
    session.exp_string("jshell> ").expect("a prompt");
    // Typed ahead while the server takes its time to answer.
    session.send("jira.myself().name\n").expect("typed");
    session.send("x * 2\n").expect("typed ahead");
    session.send("x * 3\n").expect("typed ahead");
    session.flush().expect("sent");
    session.exp_string("Out").expect("the slow call answered");
    session.exp_string("alice").expect("its value");
    session
        .exp_regex(r"Out\[\d+\]: 80")
        .expect("the first line typed ahead ran");
    session
        .exp_regex(r"Out\[\d+\]: 120")
        .expect("the second one too");
    session.exp_string("jshell> ").expect("a prompt");
    quit(session);
}

#[test]
fn a_read_only_session_says_so_and_refuses_a_write() {
    let world = World::new();
    let mut command = world.jshell_process();
    command
        .env("TERM", "xterm")
        .args(["--server", &world.url(), "--pat", PAT, "--read-only"]);
    let mut session = rexpect::session::spawn_command(command, Some(PATIENCE_MS)).expect("starts");
    session
        .exp_string("Read-only: requests that would change Jira are refused before they are sent.")
        .expect("the banner says so");
    session.exp_string("jshell> ").expect("a prompt");
    session
        .send_line("jira.add_comment(\"ABC-1\", \"from the REPL\")")
        .expect("a line");
    session
        .exp_string("read-only: jira.add_comment")
        .expect("the write is refused, naming the method");
    session.exp_string("jshell> ").expect("the session goes on");
    quit(session);
    assert!(
        world
            .server
            .access_log()
            .iter()
            .all(|entry| entry.method == "GET"),
        "nothing but reads reached the server"
    );
}
