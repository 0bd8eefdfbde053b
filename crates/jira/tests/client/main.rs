//! The jira client against an in-process fakejira over real HTTP. One test binary, one module
//! per area: separate binaries would each link the client and the server again, which costs CI
//! minutes and disk.

mod common;

mod auth;
mod calls;
mod diagnose;
mod methods;
mod oauth2;
mod python_jira;
mod resilience;
mod storms;
mod versions;
