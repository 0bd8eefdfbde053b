//! Ctrl-C: the first one stops the running script and cancels its HTTP request; a second one,
//! while the first is being handled, ends the process.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::runtime::Handle;
use tokio::sync::Notify;

/// The exit status of a process ended by Ctrl-C (128 + SIGINT).
pub const INTERRUPTED_EXIT: i32 = 130;

/// The request was interrupted by the user.
#[derive(Debug)]
pub struct Interrupted;

#[derive(Clone, Debug, Default)]
pub struct Interrupt {
    state: Arc<State>,
}

#[derive(Debug, Default)]
struct State {
    requested: AtomicBool,
    notify: Notify,
}

impl Interrupt {
    /// Listens for Ctrl-C on `runtime`. The handler is in place when this returns, not only
    /// once the listening task first runs: a Ctrl-C in between must not kill the process.
    pub fn install(runtime: &Handle) -> Self {
        let interrupt = Self::default();
        let listener = interrupt.clone();
        let _entered = runtime.enter();
        let Ok(mut ctrl_c) = ctrl_c_listener() else {
            return interrupt;
        };
        runtime.spawn(async move {
            while ctrl_c.recv().await.is_some() {
                if listener.state.requested.swap(true, Ordering::SeqCst) {
                    eprintln!("\ninterrupted twice: exiting");
                    std::process::exit(INTERRUPTED_EXIT);
                }
                listener.state.notify.notify_waiters();
            }
        });
        interrupt
    }

    pub fn is_requested(&self) -> bool {
        self.state.requested.load(Ordering::SeqCst)
    }

    /// Forgets a handled interrupt: the REPL goes on after one.
    pub fn clear(&self) {
        self.state.requested.store(false, Ordering::SeqCst);
    }

    /// Runs `work` to completion on `runtime` from a thread outside it, unless Ctrl-C comes
    /// first, in which case `work` is dropped (cancelling its HTTP request).
    pub fn block_on<F: Future>(&self, runtime: &Handle, work: F) -> Result<F::Output, Interrupted> {
        runtime.block_on(async {
            let notified = self.state.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.is_requested() {
                return Err(Interrupted);
            }
            tokio::select! {
                output = work => Ok(output),
                () = notified => Err(Interrupted),
            }
        })
    }
}

#[cfg(unix)]
fn ctrl_c_listener() -> std::io::Result<tokio::signal::unix::Signal> {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
}

#[cfg(windows)]
fn ctrl_c_listener() -> std::io::Result<tokio::signal::windows::CtrlC> {
    tokio::signal::windows::ctrl_c()
}
