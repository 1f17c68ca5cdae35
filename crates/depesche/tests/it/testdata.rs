//! The shared-data gate every data-dependent test goes through
//! (`depesche_testdata::shared`): a missing file skips with a note, or fails
//! when `DEPESCHE_REQUIRE_SHARED=1` is set.

use std::process::Command;

/// This test binary, run again on one test with the variable set or unset.
fn run_child(require: bool) -> std::process::Output {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "testdata::child_asks_for_a_missing_file",
        "--exact",
        "--nocapture",
    ])
    .env("DEPESCHE_CHILD_OF_GATE_TEST", "1");
    if require {
        cmd.env(depesche_testdata::REQUIRE_VAR, "1");
    } else {
        cmd.env_remove(depesche_testdata::REQUIRE_VAR);
    }
    cmd.output().unwrap()
}

/// Only does something as the child of `a_missing_file_fails_when_required`.
#[test]
fn child_asks_for_a_missing_file() {
    if std::env::var_os("DEPESCHE_CHILD_OF_GATE_TEST").is_none() {
        return;
    }
    assert!(depesche_testdata::shared("no/such/file-the-gate-test-asks-for").is_none());
}

#[test]
fn a_missing_file_fails_when_required() {
    let skipped = run_child(false);
    assert!(skipped.status.success(), "{skipped:?}");
    assert!(String::from_utf8_lossy(&skipped.stderr).contains("skipping"));
    let failed = run_child(true);
    assert!(!failed.status.success(), "{failed:?}");
    let out = String::from_utf8_lossy(&failed.stdout) + String::from_utf8_lossy(&failed.stderr);
    assert!(
        out.contains("DEPESCHE_REQUIRE_SHARED=1 requires it"),
        "{out}"
    );
}
