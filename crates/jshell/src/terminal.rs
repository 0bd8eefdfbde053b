//! What jshell may draw depends on where its output goes.

use std::io::IsTerminal as _;

/// Whether progress lines may be drawn: stderr is a terminal and the user did not ask for quiet.
pub fn show_progress(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}
