//! Questions to the user. They read standard input even when it is not a terminal, so a
//! script or a test can answer them; secrets typed at a terminal are not echoed.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use crate::failure::Failure;

/// Asks `question` on stderr and returns the answer line, trimmed.
pub fn line(question: &str) -> Result<String, Failure> {
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|error| {
            Failure::usage(format!(
                "cannot read the answer from standard input: {error}"
            ))
        })?;
    if read == 0 {
        return Err(Failure::usage(
            "standard input ended before an answer was given",
        ));
    }
    Ok(answer.trim().to_owned())
}

/// Asks for a secret: without echo on a terminal, as a plain line otherwise.
pub fn secret(question: &str) -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password(question)
            .map_err(|error| Failure::usage(format!("cannot read the password: {error}")))
    } else {
        line(question)
    }
}

/// Asks a yes/no question until the answer is one or the other.
pub fn yes_no(question: &str) -> Result<bool, Failure> {
    loop {
        let answer = line(question)?;
        match answer.to_ascii_lowercase().as_str() {
            "y" | "yes" => return Ok(true),
            "n" | "no" => return Ok(false),
            _ => eprintln!("Please answer y or n."),
        }
    }
}
