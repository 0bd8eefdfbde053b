//! fakejira over real HTTP, as its clients see it. One test binary, one module per area:
//! separate binaries would each link the whole server again, which costs CI minutes and disk.

mod common;

mod administration;
mod agile;
mod attachments;
mod binary;
mod faults;
mod filters;
mod issue_extras;
mod issues_breadth;
mod oauth2;
mod oauth_provider;
mod rest;
mod schemas;
mod servicedesk;
mod versions;
