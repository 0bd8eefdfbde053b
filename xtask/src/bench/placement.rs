//! Where the bench's processes run: fakejira on CPUs of its own and the clients on the others,
//! as a Jira server and the machines scripting it would be. Sharing every CPU, a client's CPU
//! time competes with the server's, so the 0 ms rows would weigh how much each client slows a
//! server beside it as much as the client itself. Children inherit the CPUs of the thread that
//! spawns them, so the bench moves its own thread: to the server's CPUs to start fakejira, to
//! the clients' for everything else.

/// The split of this process's CPUs between fakejira and the clients.
pub struct Placement {
    #[cfg(target_os = "linux")]
    server: nix::sched::CpuSet,
    #[cfg(target_os = "linux")]
    clients: nix::sched::CpuSet,
    #[cfg(target_os = "linux")]
    all: nix::sched::CpuSet,
    description: String,
}

impl Placement {
    /// What the split is, for the report ("fakejira on CPU 0, the clients on CPU 1").
    pub fn describe(&self) -> &str {
        &self.description
    }
}

#[cfg(target_os = "linux")]
impl Placement {
    /// The first half of the CPUs this process may use (at least one) for fakejira, the rest for
    /// the clients; `None` with fewer than two, and everything then shares.
    pub fn split() -> Option<Self> {
        use nix::sched::{CpuSet, sched_getaffinity};
        use nix::unistd::Pid;
        let allowed = sched_getaffinity(Pid::from_raw(0)).ok()?;
        let cpus: Vec<usize> = (0..CpuSet::count())
            .filter(|&cpu| allowed.is_set(cpu).unwrap_or(false))
            .collect();
        let (server_cpus, client_cpus) = halves(&cpus)?;
        let set_of = |cpus: &[usize]| {
            let mut set = CpuSet::new();
            cpus.iter().try_for_each(|&cpu| set.set(cpu)).ok()?;
            Some(set)
        };
        Some(Self {
            server: set_of(server_cpus)?,
            clients: set_of(client_cpus)?,
            all: allowed,
            description: format!(
                "fakejira on {}, the clients on {}",
                cpu_list(server_cpus),
                cpu_list(client_cpus)
            ),
        })
    }

    /// Moves this thread, and so every process it starts from now on, to the clients' CPUs.
    pub fn clients_here(&self) -> Result<(), String> {
        pin_this_thread(&self.clients)
    }

    /// Moves this thread back to every CPU it was allowed at the start.
    pub fn release(&self) -> Result<(), String> {
        pin_this_thread(&self.all)
    }

    /// Runs `spawn` on the server's CPUs, so that the server it starts stays there, and comes
    /// back to the clients' CPUs.
    pub fn spawn_server<T>(&self, spawn: impl FnOnce() -> T) -> Result<T, String> {
        pin_this_thread(&self.server)?;
        let spawned = spawn();
        self.clients_here()?;
        Ok(spawned)
    }
}

#[cfg(target_os = "linux")]
fn pin_this_thread(cpus: &nix::sched::CpuSet) -> Result<(), String> {
    nix::sched::sched_setaffinity(nix::unistd::Pid::from_raw(0), cpus)
        .map_err(|error| format!("cannot choose the CPUs the bench runs on: {error}"))
}

#[cfg(not(target_os = "linux"))]
impl Placement {
    /// Off Linux the bench does not choose CPUs: everything shares.
    pub fn split() -> Option<Self> {
        None
    }

    pub fn clients_here(&self) -> Result<(), String> {
        Ok(())
    }

    pub fn release(&self) -> Result<(), String> {
        Ok(())
    }

    pub fn spawn_server<T>(&self, spawn: impl FnOnce() -> T) -> Result<T, String> {
        Ok(spawn())
    }
}

/// The first half of `cpus` (the smaller one for an odd count) and the rest; `None` for fewer
/// than two.
fn halves(cpus: &[usize]) -> Option<(&[usize], &[usize])> {
    (cpus.len() >= 2).then(|| cpus.split_at(cpus.len() / 2))
}

/// `cpus` as people write them: "CPU 0", "CPUs 1–3", "CPUs 0, 2".
fn cpu_list(cpus: &[usize]) -> String {
    let contiguous = cpus.windows(2).all(|pair| pair[1] == pair[0] + 1);
    match cpus {
        [one] => format!("CPU {one}"),
        [first, .., last] if contiguous => format!("CPUs {first}–{last}"),
        _ => {
            let list: Vec<String> = cpus.iter().map(ToString::to_string).collect();
            format!("CPUs {}", list.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_lists_read_as_people_write_them() {
        assert_eq!(cpu_list(&[0]), "CPU 0");
        assert_eq!(cpu_list(&[1, 2, 3]), "CPUs 1–3");
        assert_eq!(cpu_list(&[0, 2]), "CPUs 0, 2");
    }

    #[test]
    fn the_server_gets_the_first_half_and_the_clients_the_rest() {
        assert_eq!(halves(&[0, 1]), Some((&[0][..], &[1][..])));
        assert_eq!(halves(&[0, 1, 2]), Some((&[0][..], &[1, 2][..])));
        assert_eq!(halves(&[2, 3, 6, 7]), Some((&[2, 3][..], &[6, 7][..])));
        assert_eq!(halves(&[0]), None);
        assert_eq!(halves(&[]), None);
    }
}
