//! End-to-end tests: the real `jshell` binary against a real fakejira over real HTTP.

mod bad_input;
mod browser;
mod commands;
mod examples;
mod expiry;
mod harness;
mod jirashell;
mod keyring;
mod library;
mod limits;
mod login;
mod oauth2;
mod repl;
mod safety;
mod scripts;
mod store;
mod tokens;
mod versions;
