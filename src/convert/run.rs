//! Running a reader program on an uploaded file, as a contained child.
//!
//! The file is untrusted and the readers (poppler, antiword) are large C programs, so each
//! run is fenced: the program is started directly (no shell) in a private temporary
//! directory that holds only the input and is removed afterwards; its environment is
//! cleared but for `PATH`, `LANG=C.UTF-8`, `HOME` (the directory: antiword insists on
//! one) and `OMP_THREAD_LIMIT=1`; stdin is closed; it gets a process group of its own, killed whole when the time
//! limit passes; its output is read up to a bound; and where the machine allows it, it runs
//! with its address space bounded and no core dumps (`prlimit`) and in a network namespace
//! of its own (`unshare --net`), with no interface but a loopback that is down.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Condvar, LazyLock, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::sys::signal::{killpg, Signal};
use nix::sys::wait::{waitid, Id, WaitPidFlag};
use nix::unistd::Pid;

/// Limits and isolation of every run.
#[derive(Debug, Clone)]
pub struct Fence {
    /// Longest a program may run.
    pub time_limit: Duration,
    /// Most bytes of standard output kept; more fails the run.
    pub output_limit: usize,
    /// `prlimit` and its arguments (address space, no core files), when it works here.
    pub limits: Option<Vec<OsString>>,
    /// `unshare` and its arguments, when network isolation works on this machine.
    pub isolation: Option<Vec<OsString>>,
    /// Where the private temporary directories are made (the system's when `None`).
    pub temp_root: Option<PathBuf>,
}

/// Readers running at once in this process: one per core. OCR keeps a core busy for
/// seconds a page and may use up to [`MEMORY_LIMIT_BYTES`]; a dozen scans uploaded
/// together queue here instead of taking the machine.
static GATE: LazyLock<Gate> = LazyLock::new(|| {
    Gate::new(std::thread::available_parallelism().map_or(2, std::num::NonZero::get))
});

/// A counting semaphore for threads (readers run on blocking threads, not async tasks).
pub struct Gate {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Gate {
    pub fn new(size: usize) -> Self {
        Self {
            free: Mutex::new(size.max(1)),
            freed: Condvar::new(),
        }
    }

    /// Waits for a free place; it is given back when the pass is dropped.
    pub fn enter(&self) -> Pass<'_> {
        let mut free = self.free.lock().unwrap_or_else(PoisonError::into_inner);
        while *free == 0 {
            free = self
                .freed
                .wait(free)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *free -= 1;
        Pass(self)
    }
}

/// A place in a [`Gate`].
pub struct Pass<'a>(&'a Gate);

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.0.freed.notify_one();
    }
}

/// Why a run failed.
#[derive(Debug)]
pub enum RunError {
    /// The program is not installed (not found on `PATH`).
    Missing(String),
    /// Stopped at the time limit.
    TimedOut(Duration),
    /// The program wrote more than the output limit.
    OutputTooLarge,
    /// Setting up or starting the run failed.
    Io(std::io::Error),
}

impl From<std::io::Error> for RunError {
    fn from(e: std::io::Error) -> Self {
        RunError::Io(e)
    }
}

/// What a finished run left.
#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    /// The start of standard error, lossily decoded (the readers' messages are ASCII).
    pub stderr: String,
}

impl Output {
    pub fn success(&self) -> bool {
        self.status.success()
    }
}

/// Most bytes of standard error kept: the readers' complaints are a few lines.
const STDERR_LIMIT: usize = 64 * 1024;

/// `PATH` for programs when duban's own has none.
const DEFAULT_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// A private directory holding the input file, removed when dropped (also on panic).
pub struct Workspace<'a> {
    dir: tempfile::TempDir,
    fence: &'a Fence,
}

impl<'a> Workspace<'a> {
    /// Makes the directory (mode 0700) and writes `bytes` to `file_name` in it.
    pub fn new(fence: &'a Fence, bytes: &[u8], file_name: &str) -> std::io::Result<Self> {
        let mut builder = tempfile::Builder::new();
        builder.prefix("duban-convert-");
        let dir = match &fence.temp_root {
            Some(root) => builder.tempdir_in(root)?,
            None => builder.tempdir()?,
        };
        std::fs::write(dir.path().join(file_name), bytes)?;
        Ok(Self { dir, fence })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `program` (a name looked up on `PATH`, or a path) with `args`, in the directory:
    /// arguments name the input by its bare file name.
    pub fn run(&self, program: &Path, args: &[&str]) -> Result<Output, RunError> {
        let resolved = resolve(program)
            .ok_or_else(|| RunError::Missing(program.to_string_lossy().into_owned()))?;
        // prlimit and unshare each set up and then exec the next: one process in the end.
        let mut line: Vec<OsString> = Vec::new();
        for wrapper in [&self.fence.limits, &self.fence.isolation]
            .into_iter()
            .flatten()
        {
            line.extend(wrapper.iter().cloned());
            line.push("--".into());
        }
        line.push(resolved.into_os_string());
        let mut command = Command::new(&line[0]);
        command.args(&line[1..]).args(args);
        // The time limit starts once the reader runs, not while it waits its turn.
        let _pass = GATE.enter();
        spawn_and_wait(command, self.path(), self.fence)
    }
}

/// Runs `command` contained, in `dir`, and collects its output.
fn spawn_and_wait(mut command: Command, dir: &Path, fence: &Fence) -> Result<Output, RunError> {
    use std::os::unix::process::CommandExt;
    let path = std::env::var_os("PATH").unwrap_or_else(|| DEFAULT_PATH.into());
    command
        .env_clear()
        .env("PATH", path)
        .env("LANG", "C.UTF-8")
        .env("HOME", dir)
        // tesseract's OpenMP would otherwise take every core for one page.
        .env("OMP_THREAD_LIMIT", "1")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own group, so that the limit kills whatever the program starts too.
        .process_group(0);
    let started = Instant::now();
    let mut child = command.spawn()?;
    let stdout = child.stdout.take().map(|s| reader(s, fence.output_limit));
    let stderr = child.stderr.take().map(|s| reader(s, STDERR_LIMIT));
    let timed_out = wait_until(&child, started + fence.time_limit);
    // Kill the group before reaping: until then the child's pid (= the group's id) cannot
    // be reused, so the signal reaches only what this run started.
    let group = Pid::from_raw(i32::try_from(child.id()).unwrap_or(i32::MAX));
    let _ = killpg(group, Signal::SIGKILL);
    let status = child.wait()?;
    let (stdout, overflow) = collect(stdout);
    let (stderr, _) = collect(stderr);
    tracing::debug!(
        program = ?command.get_program(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        ?status,
        "reader ran"
    );
    if timed_out {
        return Err(RunError::TimedOut(fence.time_limit));
    }
    if overflow {
        return Err(RunError::OutputTooLarge);
    }
    Ok(Output {
        status,
        stdout,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}

/// Waits for `child` to exit without reaping it; true when `deadline` came first. A
/// thread blocks in `waitid(WNOWAIT)` and reports the exit, so a reader that takes 20 ms
/// is seen to end at 20 ms, not at the next poll.
fn wait_until(child: &Child, deadline: Instant) -> bool {
    let pid = Pid::from_raw(i32::try_from(child.id()).unwrap_or(i32::MAX));
    let (exited, exit) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT;
        while let Err(nix::errno::Errno::EINTR) = waitid(Id::Pid(pid), flags) {}
        let _ = exited.send(());
    });
    let limit = deadline.saturating_duration_since(Instant::now());
    // Gone or not, the caller then kills the group and reaps the child, which ends the
    // thread's wait.
    matches!(
        exit.recv_timeout(limit),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout)
    )
}

type Collected = JoinHandle<(Vec<u8>, bool)>;

/// Reads `stream` on a thread, keeping at most `limit` bytes; the flag says there was
/// more. Past the limit it stops reading and closes the pipe, so the writer gets EPIPE
/// instead of filling memory.
fn reader(mut stream: impl Read + Send + 'static, limit: usize) -> Collected {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match stream.read(&mut chunk) {
                Ok(0) => return (kept, false),
                Ok(n) if kept.len() + n > limit => return (kept, true),
                Ok(n) => kept.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return (kept, false),
            }
        }
    })
}

fn collect(handle: Option<Collected>) -> (Vec<u8>, bool) {
    handle.and_then(|h| h.join().ok()).unwrap_or_default()
}

/// `program` as an executable file: a path as given, a bare name on `PATH`.
pub fn resolve(program: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let executable = |p: &Path| {
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if program.components().count() > 1 || program.is_absolute() {
        return executable(program).then(|| program.to_owned());
    }
    let path = std::env::var_os("PATH").unwrap_or_else(|| DEFAULT_PATH.into());
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| executable(p))
}

/// Address space a reader may use. pdftotext needs tens of megabytes for a long document;
/// a crafted file that makes it allocate without end is stopped here, not by the machine's
/// out-of-memory killer.
pub const MEMORY_LIMIT_BYTES: u64 = 1 << 30;

/// The `prlimit` invocation that bounds a child's memory and forbids core files (a crash
/// would otherwise leave the document's pages in a core file), if it works here.
pub fn probe_limits(temp_root: Option<&Path>) -> Option<Vec<OsString>> {
    let prlimit = resolve(Path::new("prlimit"))?;
    let limits = vec![
        prlimit.into_os_string(),
        format!("--as={MEMORY_LIMIT_BYTES}").into(),
        "--core=0".into(),
    ];
    let fence = Fence {
        time_limit: Duration::from_secs(5),
        output_limit: 4096,
        limits: Some(limits.clone()),
        isolation: None,
        temp_root: temp_root.map(Path::to_owned),
    };
    let workspace = Workspace::new(&fence, b"", "probe").ok()?;
    let works = workspace
        .run(Path::new("true"), &[])
        .is_ok_and(|o| o.success());
    works.then_some(limits)
}

/// The `unshare` invocation that gives a child a network of its own, if one works here:
/// tried once (a container may forbid namespaces). `-r` (a user namespace mapping us to
/// root) lets an unprivileged user make the network namespace.
pub fn probe_isolation(temp_root: Option<&Path>) -> Option<Vec<OsString>> {
    let unshare = resolve(Path::new("unshare"))?;
    let fence = Fence {
        time_limit: Duration::from_secs(5),
        output_limit: 4096,
        limits: None,
        isolation: None,
        temp_root: temp_root.map(Path::to_owned),
    };
    let workspace = Workspace::new(&fence, b"", "probe").ok()?;
    let truth = resolve(Path::new("true"))?;
    for flags in [&["--net", "--map-root-user"][..], &["--net"][..]] {
        let mut args: Vec<&str> = flags.to_vec();
        args.push("--");
        args.push(truth.to_str()?);
        if workspace.run(&unshare, &args).is_ok_and(|o| o.success()) {
            let mut isolation = vec![unshare.into_os_string()];
            isolation.extend(flags.iter().map(OsString::from));
            return Some(isolation);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gate_lets_through_as_many_as_it_has_places_and_the_rest_wait() {
        let gate = std::sync::Arc::new(Gate::new(2));
        let inside = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let (gate, inside, most) = (gate.clone(), inside.clone(), most.clone());
                std::thread::spawn(move || {
                    let _pass = gate.enter();
                    let now = inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    inside.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
