//! `jshell`: the binary. Everything lives in the library (`jshell::Jshell`); a binary with
//! plugins of its own is the same line with `.plugin(…)` (see `examples/vault-plugin`).

fn main() -> std::process::ExitCode {
    jshell::Jshell::new().run()
}
