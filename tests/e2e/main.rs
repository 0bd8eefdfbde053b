//! End-to-end tests: the real `jshell` binary against a real fakejira over real HTTP.

mod harness;
mod login;
mod scripts;
