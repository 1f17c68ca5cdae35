//! Architecture invariants, checked on the source text (the rust-analyzer
//! way): the library's modules depend only downward in one layer order, and
//! no two files of one folder use each other (a file cycle). ARCHITECTURE.md
//! names both rules; this test is where they are defined.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules, lowest first. A module may use the
/// modules before it, never one after it. Training and compiling code (the
/// modules declared under `#[cfg(feature = "train")]`) sits at the top, with
/// `eval`: it may use everything, and nothing at run time uses it.
const LAYERS: &[&str] = &[
    "hashing",
    "wordlist",
    "archive",
    "langdata",
    "agency",
    "schema",
    "lang",
    "text",
    "structure",
    "input",
    "ner",
    "time",
    "geo",
    "coref",
    "quotes",
    "events",
    "tone",
    "pipeline",
    "eval",
];

/// The layer of training code, wherever it lives.
const TRAIN_LAYER: &str = "eval";

fn crate_dir(name: &str) -> PathBuf {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    crates.join(name)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file that counts for its dependencies: comments dropped, and
/// unit-test modules (`#[cfg(test)] mod tests { … }`, closed by a `}` at
/// the indentation of their `mod` line, as rustfmt writes it) left out; test-only files are skipped whole.
fn code(path: &Path) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = String::new();
    // While inside a test module: the line that closes it (its indentation, then `}`).
    let mut test_end: Option<String> = None;
    let mut after_cfg_test = false;
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(end) = &test_end {
            if line == end {
                test_end = None;
            }
            continue;
        }
        if after_cfg_test && t.starts_with("mod ") && t.ends_with('{') {
            test_end = Some(format!("{}}}", &line[..line.len() - t.len()]));
            after_cfg_test = false;
            continue;
        }
        after_cfg_test = t == "#[cfg(test)]";
        let code = match t.find("//") {
            Some(i) => &t[..i],
            None => t,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The first segment of every path that starts with `prefix` (`crate::`,
/// `super::`), groups included: `crate::{a::b, c}` gives `a` and `c`.
fn roots(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        // `$crate::` and `foo_crate::` are not this crate.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let r = rest.trim_start();
        if let Some(group) = r.strip_prefix('{') {
            let mut depth = 0;
            let mut start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        start = true;
                        continue;
                    }
                    _ => {}
                }
                if start && !c.is_whitespace() {
                    let id = ident(&group[j..]);
                    if !id.is_empty() {
                        out.insert(id);
                    }
                    start = false;
                }
            }
        } else {
            let id = ident(r);
            if !id.is_empty() {
                out.insert(id);
            }
        }
    }
    out.remove("self");
    out
}

/// Modules declared under `#[cfg(feature = "train")]` in `file`.
fn train_modules(file: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut out = BTreeSet::new();
    let mut gated = false;
    for line in text.lines() {
        let t = line.trim();
        if t == "#[cfg(feature = \"train\")]" {
            gated = true;
            continue;
        }
        if gated {
            let decl = t
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ");
            if let Some(name) = decl.strip_prefix("mod ").and_then(|m| m.strip_suffix(';')) {
                out.insert(name.to_string());
            }
        }
        gated = false;
    }
    out
}

/// `(file, module path inside src)`: `src/ner/doc.rs` → `["ner", "doc"]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts
}

/// Each file of the library with its layer: its top-level module's, or the
/// training layer when it or a module above it is declared under the
/// `train` feature.
fn library_layers() -> Vec<(PathBuf, Option<String>)> {
    let src = crate_dir("depesche/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut gated: BTreeSet<Vec<String>> = BTreeSet::new();
    for f in &files {
        let parent = module_path(&src, f);
        let name = f.file_name().unwrap();
        if name == "mod.rs" || name == "lib.rs" || module_path(&src, f).is_empty() {
            for m in train_modules(f) {
                let mut p = parent.clone();
                p.push(m);
                gated.insert(p);
            }
        }
    }
    files
        .into_iter()
        .map(|f| {
            let path = module_path(&src, &f);
            let layer = if (1..=path.len()).any(|n| gated.contains(&path[..n])) {
                Some(TRAIN_LAYER.to_string())
            } else {
                path.first().cloned()
            };
            (f, layer)
        })
        .collect()
}

/// The modules the crate root re-exports from (`pub use pipeline::{Options, …}`):
/// `crate::Options` is a use of `pipeline`.
fn reexports() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(crate_dir("depesche/src/lib.rs")).unwrap();
    let mut out = BTreeMap::new();
    // A statement may span lines (rustfmt breaks long lists): read each one
    // from `pub use` to its semicolon.
    for (at, _) in lib.match_indices("\npub use ") {
        let stmt = &lib[at + "\npub use ".len()..];
        let stmt = &stmt[..stmt.find(';').unwrap_or(stmt.len())];
        let Some((module, items)) = stmt.split_once("::") else {
            continue;
        };
        let items = items.trim().trim_matches(['{', '}']);
        for item in items.split(',') {
            let name = item.rsplit("::").next().unwrap().trim();
            if !name.is_empty() {
                out.insert(name.to_string(), module.to_string());
            }
        }
    }
    out
}

/// Upward uses in the library: `file: layer uses module`.
fn upward_uses() -> Vec<String> {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let reexports = reexports();
    let mut errors = Vec::new();
    for (file, layer) in library_layers() {
        let Some(layer) = layer else { continue }; // lib.rs: the root may name anything
        let Some(own) = rank(&layer) else {
            errors.push(format!(
                "{}: module `{layer}` has no place in tidy.rs's LAYERS",
                file.display()
            ));
            continue;
        };
        for root in roots(&code(&file), "crate::") {
            let module = reexports.get(&root).cloned().unwrap_or(root);
            match rank(&module) {
                Some(r) if r > own => errors.push(format!(
                    "{}: `{layer}` uses `crate::{module}`, a layer above it",
                    file.display()
                )),
                Some(_) => {}
                None => errors.push(format!(
                    "{}: `crate::{module}` is neither a module in LAYERS nor a root re-export",
                    file.display()
                )),
            }
        }
    }
    errors
}

/// File cycles: in each folder, the files other than `mod.rs`/`lib.rs`/
/// `main.rs` and their uses of one another (`super::x` in a module's
/// folder, `crate::x` in a crate's `src`) must form no cycle.
fn file_cycles(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy();
        if !matches!(name.as_ref(), "mod.rs" | "lib.rs" | "main.rs" | "tests.rs") {
            by_dir
                .entry(f.parent().unwrap().into())
                .or_default()
                .push(f);
        }
    }
    let mut errors = Vec::new();
    for (dir, files) in by_dir {
        let prefix = if dir == src { "crate::" } else { "super::" };
        let stem = |f: &Path| f.file_stem().unwrap().to_string_lossy().into_owned();
        let names: BTreeSet<String> = files.iter().map(|f| stem(f)).collect();
        let edges: BTreeMap<String, BTreeSet<String>> = files
            .iter()
            .map(|f| {
                let uses = roots(&code(f), prefix)
                    .into_iter()
                    .filter(|r| names.contains(r) && *r != stem(f))
                    .collect();
                (stem(f), uses)
            })
            .collect();
        // Depth-first search for a back edge.
        fn visit(
            n: &str,
            edges: &BTreeMap<String, BTreeSet<String>>,
            stack: &mut Vec<String>,
            done: &mut BTreeSet<String>,
            found: &mut Vec<Vec<String>>,
        ) {
            if done.contains(n) {
                return;
            }
            if let Some(i) = stack.iter().position(|s| s == n) {
                let mut cycle = stack[i..].to_vec();
                cycle.push(n.to_string());
                found.push(cycle);
                return;
            }
            stack.push(n.to_string());
            for m in &edges[n] {
                visit(m, edges, stack, done, found);
            }
            stack.pop();
            done.insert(n.to_string());
        }
        let mut found = Vec::new();
        let mut done = BTreeSet::new();
        for n in edges.keys() {
            visit(n, &edges, &mut Vec::new(), &mut done, &mut found);
        }
        for cycle in found {
            errors.push(format!(
                "{}: files use each other: {}",
                dir.display(),
                cycle.join(" → ")
            ));
        }
    }
    errors
}

#[test]
fn library_dependencies_point_downward() {
    let errors = upward_uses();
    assert!(
        errors.is_empty(),
        "layer order {LAYERS:?}:\n{}",
        errors.join("\n")
    );
}

#[test]
fn every_library_module_has_a_layer() {
    let lib = std::fs::read_to_string(crate_dir("depesche/src/lib.rs")).unwrap();
    let missing: Vec<&str> = lib
        .lines()
        .filter_map(|l| {
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))
        })
        .map(|m| m.trim_end_matches(';'))
        .filter(|m| !LAYERS.contains(m))
        .collect();
    assert!(missing.is_empty(), "not in LAYERS: {missing:?}");
}

#[test]
fn no_file_cycles() {
    let mut errors = file_cycles(&crate_dir("depesche/src"));
    errors.extend(file_cycles(&crate_dir("depesche-cli/src")));
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_checks_see_what_they_check() {
    // The parser finds grouped and nested paths, and ignores other crates.
    let r = roots(
        "use crate::{a::b, c::{d, e}};\nlet x = crate::f::g(); $crate::h; my_crate::i",
        "crate::",
    );
    assert_eq!(r.into_iter().collect::<Vec<_>>(), ["a", "c", "f"]);
    // The real tree: training code is recognised, and text sits below structure.
    let layers = library_layers();
    let layer_of = |tail: &str| {
        layers
            .iter()
            .find(|(f, _)| f.ends_with(tail))
            .and_then(|(_, l)| l.clone())
    };
    assert_eq!(layer_of("ner/train.rs").as_deref(), Some(TRAIN_LAYER));
    assert_eq!(layer_of("ner/doc.rs").as_deref(), Some("ner"));
    assert_eq!(layer_of("eval/news.rs").as_deref(), Some("eval"));
    assert!(layers.len() > 50, "{} files", layers.len());
}
