//! Where tests find the shared data sets (`../shared` beside the repository:
//! corpora, gold files, the reference article), which are not in the
//! repository and may be absent on a developer's clone.
//!
//! A test that needs them asks [`shared`]. Without the data it skips with a
//! note; with `DEPESCHE_REQUIRE_SHARED=1` in the environment (CI sets it
//! when `../shared/data` exists) a missing file fails the test instead, so a
//! test cannot pass without having run.

use std::path::{Path, PathBuf};

/// The environment variable that turns a skip into a failure.
pub const REQUIRE_VAR: &str = "DEPESCHE_REQUIRE_SHARED";

/// `rel` (e.g. `data/ud/UD_German-GSD/de_gsd-ud-test.conllu` or
/// `samples/seed-dpa-2025-07-10.txt`) inside the shared folder, when it
/// exists: `$DEPESCHE_SHARED/rel` if that variable is set, else
/// `shared/rel` beside the repository or beside any folder above it (a
/// worktree's `../shared` may hold only part of the data).
///
/// When no candidate exists: panics if `DEPESCHE_REQUIRE_SHARED=1`, else
/// prints a note naming `rel` and returns `None` (the test skips).
pub fn shared(rel: &str) -> Option<PathBuf> {
    let found = match std::env::var_os("DEPESCHE_SHARED") {
        Some(dir) => Some(PathBuf::from(dir).join(rel)).filter(|p| p.exists()),
        None => workspace()
            .ancestors()
            .map(|d| d.join("shared").join(rel))
            .find(|p| p.exists()),
    };
    if found.is_none() {
        missing(&format!("shared/{rel}"));
    }
    found
}

/// Report a missing prerequisite named `what`: panics when
/// `DEPESCHE_REQUIRE_SHARED=1`, else prints a note (the caller skips).
pub fn missing(what: &str) {
    if required() {
        panic!("{what} not found, and {REQUIRE_VAR}=1 requires it");
    }
    eprintln!("note: {what} not found, skipping");
}

/// Whether `DEPESCHE_REQUIRE_SHARED=1` is set.
pub fn required() -> bool {
    std::env::var_os(REQUIRE_VAR).is_some_and(|v| v == "1")
}

/// The workspace root (the repository).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
}
