//! The embedded PostgreSQL cluster, driven through the real `duban` binary: first start,
//! refusal of a second server on the same data directory, clean stop on SIGTERM, restart
//! with data kept, one-shot commands beside a running server, and missing binaries.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{duban_in, scratch_dir};

fn duban(data_dir: &Path) -> Command {
    duban_in(data_dir)
}

/// A running `duban serve` and the URL it printed.
struct Server {
    child: Child,
    url: String,
}

fn start_server(data_dir: &Path) -> Server {
    let mut child = duban(data_dir)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some(url) = line.strip_prefix("duban is serving on ") {
            return Server {
                child,
                url: url.to_owned(),
            };
        }
    }
    panic!("duban serve exited before serving: {:?}", child.wait());
}

impl Server {
    fn healthy(&self) -> bool {
        let url = format!("{}/healthz", self.url);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            reqwest::get(&url)
                .await
                .is_ok_and(|r| r.status().is_success())
        })
    }

    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "duban did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Processes whose command line names this data directory (a postgres left behind).
fn processes_using(data_dir: &Path) -> Vec<String> {
    let needle = data_dir.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .chars()
                .all(|c| c.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains(&needle) && c.contains("postgres"))
        .collect()
}

fn add_user(data_dir: &Path, login: &str) -> Output {
    let mut child = duban(data_dir)
        .args([
            "user",
            "add",
            "--login",
            login,
            "--name",
            "测试",
            "--role",
            "unit_head",
        ])
        .args(["--unit", "教务处", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"long-enough-password\n")
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn serve_creates_its_cluster_stops_it_on_sigterm_and_keeps_the_data_across_restarts() {
    // Arrange
    let dir = scratch_dir("duban-cluster");

    // Act: first start creates the cluster; a one-shot command uses the running one.
    let server = start_server(&dir);
    assert!(server.healthy());
    let added = add_user(&dir, "kept");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let status = server.terminate();

    // Assert: stopped cleanly, nothing left running.
    assert!(status.success(), "duban exited with {status}");
    assert!(
        processes_using(&dir).is_empty(),
        "left running: {:?}",
        processes_using(&dir)
    );

    // A restart finds the user: adding it again is refused as a duplicate.
    let server = start_server(&dir);
    let again = add_user(&dir, "kept");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    server.terminate();
    assert!(processes_using(&dir).is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_second_server_on_the_same_data_directory_is_refused_and_harms_nothing() {
    let dir = scratch_dir("duban-cluster");
    let first = start_server(&dir);

    let second = duban(&dir)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .output()
        .unwrap();

    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("in use by another `duban serve`"),
        "{stderr}"
    );
    assert!(first.healthy(), "the first server still works");
    first.terminate();
    assert!(processes_using(&dir).is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_one_shot_command_without_a_server_starts_and_stops_the_cluster_itself() {
    let dir = scratch_dir("duban-cluster");

    let migrated = duban(&dir).arg("migrate").output().unwrap();

    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    assert!(String::from_utf8_lossy(&migrated.stdout).contains("up to date"));
    assert!(
        processes_using(&dir).is_empty(),
        "left running: {:?}",
        processes_using(&dir)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn missing_postgresql_binaries_get_an_error_that_says_how_to_install_them() {
    let dir = scratch_dir("duban-cluster");
    let empty_bin = scratch_dir("duban-nobin");

    let output = duban(&dir)
        .env("DUBAN_PG_BIN_DIR", &empty_bin)
        .arg("migrate")
        .output()
        .unwrap();

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("apt-get install -y postgresql"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&empty_bin).ok();
}

#[test]
fn digest_preview_on_a_new_data_directory_has_nothing_to_send() {
    let dir = scratch_dir("duban-cluster");

    let output = duban(&dir).args(["digest", "--preview"]).output().unwrap();

    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("0 digest(s) would be sent."));
    std::fs::remove_dir_all(&dir).ok();
}
