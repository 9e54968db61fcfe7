//! Passwords (argon2id), the gate that bounds how many are checked at once, and random
//! tokens.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use tokio::sync::{oneshot, Semaphore};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Longest password checked: anything longer is refused before hashing, so that a login
/// form cannot make argon2 read megabytes.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Longest new password, in characters (at most 4 bytes each, so within
/// [`MAX_PASSWORD_BYTES`]; the byte limit is checked as well, as the login does).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Why a new password is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRule {
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("the password must have at most {MAX_PASSWORD_CHARS} characters")]
    TooManyChars,
    #[error("the password must have at most {MAX_PASSWORD_BYTES} bytes")]
    TooManyBytes,
}

impl PasswordRule {
    /// The rule in Chinese, for forms.
    pub fn chinese(self) -> String {
        match self {
            PasswordRule::TooShort => format!("密码至少 {MIN_PASSWORD_CHARS} 位。"),
            PasswordRule::TooManyChars => format!("密码不能超过 {MAX_PASSWORD_CHARS} 位。"),
            PasswordRule::TooManyBytes => {
                format!("密码过长（最多 {MAX_PASSWORD_BYTES} 字节）。")
            }
        }
    }
}

/// Whether `raw` may become someone's password: the one rule of the admin forms, the
/// user's own change and `duban user add`. Bytes are checked first, so an absurdly long
/// input is not even counted in characters.
pub fn check_new_password(raw: &str) -> Result<(), PasswordRule> {
    if raw.len() > MAX_PASSWORD_BYTES {
        return Err(PasswordRule::TooManyBytes);
    }
    let chars = raw.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordRule::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordRule::TooManyChars);
    }
    Ok(())
}

/// Hashes a password with argon2id and a random salt (PHC string format).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))
}

std::thread_local! {
    /// argon2's working memory (19 MiB), kept for the life of the thread that checks
    /// passwords: allocating and freeing it for every check left glibc holding hundreds
    /// of MB under a flood of logins (freed blocks stay in its arenas), while a block kept
    /// per gate thread keeps memory flat.
    static ARGON2_MEMORY: std::cell::RefCell<Vec<argon2::Block>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether `password` matches the stored PHC hash; a malformed hash never matches. Runs
/// in this thread's kept argon2 memory, so call it from the [`PasswordGate`]'s threads.
pub fn verify_password(password: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        return false;
    };
    let (Ok(params), Ok(algorithm)) = (
        argon2::Params::try_from(&hash),
        argon2::Algorithm::try_from(hash.algorithm),
    ) else {
        return false;
    };
    let version = match hash.version.map(argon2::Version::try_from) {
        None => argon2::Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    let mut computed = vec![0u8; expected.len()];
    let hashed = ARGON2_MEMORY.with_borrow_mut(|memory| {
        if memory.len() < blocks {
            memory.resize(blocks, argon2::Block::default());
        }
        argon2
            .hash_password_into_with_memory(
                password.as_bytes(),
                salt,
                &mut computed,
                &mut memory[..blocks],
            )
            .is_ok()
    });
    // `Output`'s equality takes the same time whatever the bytes.
    hashed && argon2::password_hash::Output::new(&computed).is_ok_and(|c| c == expected)
}

/// A hash that verifies no password, to spend the same time on unknown logins as on
/// known ones (so timing does not reveal which logins exist).
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not the password of anyone").expect("argon2 works"))
}

/// How long a login waits for a free slot in the [`PasswordGate`] before it is refused.
/// Long enough for a morning's burst of real logins, short enough that a flood of them
/// gets its answer (429) quickly instead of piling up.
pub const PASSWORD_GATE_WAIT: Duration = Duration::from_secs(2);

/// Bounds how many password checks run at once. Each argon2 check takes 19 MiB and tens of
/// milliseconds of CPU; without a bound, parallel logins (no account needed) take the
/// server's memory with them. The checks run on the gate's own threads, one per slot and
/// one slot per core: that keeps the CPUs busy, and since only those threads ever hold
/// argon2's memory, the allocator keeps at most one 19 MiB block per slot, so memory
/// stays flat whatever the number of logins.
pub struct PasswordGate {
    slots: Arc<Semaphore>,
    size: usize,
    wait: Duration,
    gauge: Arc<Gauge>,
    jobs: mpsc::Sender<Job>,
}

type Job = Box<dyn FnOnce() + Send>;

/// A password that was not checked.
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    #[error("too many password checks at once")]
    Busy,
    #[error("the password check did not finish")]
    Failed,
}

/// What the gate has done, for tests and diagnostics.
#[derive(Default)]
struct Gauge {
    running: AtomicUsize,
    peak: AtomicUsize,
    checked: AtomicU64,
}

/// Counts one running check for as long as it lives, also when argon2 panics.
struct Running(Arc<Gauge>);

impl Running {
    fn start(gauge: Arc<Gauge>) -> Self {
        let now = gauge.running.fetch_add(1, Ordering::SeqCst) + 1;
        gauge.peak.fetch_max(now, Ordering::SeqCst);
        Self(gauge)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
        self.0.checked.fetch_add(1, Ordering::SeqCst);
    }
}

impl PasswordGate {
    /// A gate of `size` slots and threads (at least one) whose callers wait at most
    /// `wait` for a slot. The threads end when the gate is dropped.
    pub fn new(size: usize, wait: Duration) -> Self {
        let size = size.max(1);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..size {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-{i}"))
                .spawn(move || loop {
                    // The guard is a temporary: the lock is released before the job runs.
                    let Ok(job) = queue.lock().expect("never poisoned").recv() else {
                        break;
                    };
                    // A panicking check fails its login, not the thread.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                })
                .expect("a password thread starts");
        }
        Self {
            slots: Arc::new(Semaphore::new(size)),
            size,
            wait,
            gauge: Arc::default(),
            jobs,
        }
    }

    /// One slot per core of this machine, [`PASSWORD_GATE_WAIT`].
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(cores, PASSWORD_GATE_WAIT)
    }

    /// Whether `password` matches the PHC hash `phc`; without a hash, a dummy one is
    /// checked (and matches nothing), so that unknown logins take as long as known ones.
    /// The slot is held by the check itself until argon2 is done, so that a client
    /// hanging up cannot free it early.
    pub async fn verify(&self, password: String, phc: Option<String>) -> Result<bool, GateError> {
        self.run(move || {
            let phc = match &phc {
                Some(phc) => phc.as_str(),
                None => dummy_hash(),
            };
            verify_password(&password, phc)
        })
        .await
    }

    /// `password` hashed for storing (a new password costs argon2 as a check does, so it
    /// waits for a slot in the same gate).
    pub async fn hash(&self, password: String) -> Result<String, GateError> {
        self.run(move || hash_password(&password))
            .await?
            .map_err(|e| {
                tracing::error!(error = %e, "hashing a password failed");
                GateError::Failed
            })
    }

    /// Runs `argon2` on a gate thread once a slot is free.
    async fn run<T: Send + 'static>(
        &self,
        argon2: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, GateError> {
        let slot = tokio::time::timeout(self.wait, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| GateError::Busy)?
            .expect("the gate's semaphore is never closed");
        let gauge = self.gauge.clone();
        let (answer, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            let value = {
                let _running = Running::start(gauge);
                argon2()
            };
            drop(slot);
            let _ = answer.send(value);
        });
        self.jobs.send(job).map_err(|_| GateError::Failed)?;
        result.await.map_err(|_| GateError::Failed)
    }

    /// Checks allowed at once.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The most checks that ever ran at once.
    pub fn peak(&self) -> usize {
        self.gauge.peak.load(Ordering::SeqCst)
    }

    /// Checks run so far.
    pub fn checked(&self) -> u64 {
        self.gauge.checked.load(Ordering::SeqCst)
    }
}

/// A URL-safe random token of 32 bytes.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a session token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_made_with_other_parameters_verifies_in_the_kept_memory_too() {
        let params = argon2::Params::new(4096, 2, 2, None).unwrap();
        let hasher = Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let salt = SaltString::generate(&mut OsRng);
        let phc = hasher
            .hash_password(b"correct horse", &salt)
            .unwrap()
            .to_string();
        // After a check of the default size, so the kept memory is larger than needed.
        assert!(!verify_password(
            "correct horse",
            &hash_password("x").unwrap()
        ));
        assert!(verify_password("correct horse", &phc));
        assert!(!verify_password("correct horsf", &phc));
    }

    #[test]
    fn a_hashed_password_verifies_and_others_do_not() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[tokio::test]
    async fn the_gate_checks_passwords_and_unknown_logins_match_nothing() {
        let gate = PasswordGate::new(1, Duration::from_secs(5));
        let h = hash_password("correct horse").unwrap();

        assert!(gate.verify("correct horse".into(), Some(h)).await.unwrap());
        assert!(!gate.verify("correct horse".into(), None).await.unwrap());
        assert_eq!((gate.checked(), gate.peak()), (2, 1));
    }

    #[tokio::test]
    async fn the_gate_hashes_new_passwords_as_its_own_checks() {
        let gate = PasswordGate::new(1, Duration::from_secs(5));

        let h = gate.hash("correct horse".into()).await.unwrap();

        assert!(verify_password("correct horse", &h));
        assert_eq!(gate.checked(), 1);
    }

    #[test]
    fn a_new_password_has_8_to_128_characters_and_at_most_1024_bytes() {
        assert_eq!(check_new_password("short"), Err(PasswordRule::TooShort));
        assert_eq!(check_new_password("eight ch"), Ok(()));
        assert_eq!(
            check_new_password(&"a".repeat(129)),
            Err(PasswordRule::TooManyChars)
        );
        assert_eq!(check_new_password(&"密".repeat(128)), Ok(()));
        assert_eq!(
            check_new_password(&"a".repeat(1025)),
            Err(PasswordRule::TooManyBytes)
        );
    }

    #[tokio::test]
    async fn a_full_gate_refuses_after_its_short_wait_without_hashing() {
        let gate = PasswordGate::new(1, Duration::from_millis(10));
        let _taken = gate.slots.clone().acquire_owned().await.unwrap();

        let result = gate.verify("correct horse".into(), None).await;

        assert!(matches!(result, Err(GateError::Busy)), "{result:?}");
        assert_eq!(gate.checked(), 0);
    }

    #[test]
    fn tokens_are_random_and_url_safe() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }
}
