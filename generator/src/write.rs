//! Writing: compares rendered files with an output folder (`--check`) or brings the folder up
//! to date, touching only files whose bytes changed and removing only files it made before.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::{Files, MANIFEST};

/// Top-level entries of an output folder that are build products, not output: never compared,
/// never touched.
const IGNORED: &[&str] = &["target", "Cargo.lock"];

/// One way an output folder differs from what the generator makes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Drift {
    /// The file exists with other bytes.
    Differs(String),
    /// The file does not exist.
    Missing(String),
    /// The file exists but the generator does not make it.
    Extra(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Differs(p) => write!(f, "differs: {p}"),
            Drift::Missing(p) => write!(f, "missing: {p}"),
            Drift::Extra(p) => write!(f, "extra:   {p}"),
        }
    }
}

/// What [`write`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Files created or rewritten.
    pub written: Vec<String>,
    /// Files the generator made before and no longer makes, now removed.
    pub removed: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Files in the folder that the generator never made, left alone.
    pub foreign: Vec<String>,
}

/// Lists every difference between `out` and `files`, sorted; empty means up to date.
pub fn check(out: &Path, files: &Files) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for (path, bytes) in files {
        match std::fs::read(out.join(path)) {
            Ok(existing) if existing == *bytes => {}
            Ok(_) => drift.push(Drift::Differs(path.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                drift.push(Drift::Missing(path.clone()))
            }
            Err(source) => {
                return Err(Error::Write {
                    path: out.join(path),
                    source,
                });
            }
        }
    }
    for path in existing_files(out)? {
        if !files.contains_key(&path) {
            drift.push(Drift::Extra(path));
        }
    }
    drift.sort();
    Ok(drift)
}

/// Brings `out` up to date with `files`.
///
/// Refuses a non-empty folder that has no manifest (files the generator did not make). Removes
/// only files listed in the previous manifest. Each file is written to a temporary sibling and
/// renamed into place, so a reader never sees half a file.
pub fn write(out: &Path, files: &Files) -> Result<Report> {
    let existing = existing_files(out)?;
    let previous = previous_manifest(out)?;
    if previous.is_none() && !existing.is_empty() {
        return Err(Error::Output {
            path: out.to_path_buf(),
            message: format!(
                "refusing to write: the folder holds files that oapi-docgen did not make (no {MANIFEST}); \
                 choose an empty or new folder"
            ),
        });
    }
    let previous = previous.unwrap_or_default();
    let mut report = Report::default();
    for (path, bytes) in files {
        let target = out.join(path);
        if std::fs::read(&target).is_ok_and(|old| old == *bytes) {
            report.unchanged += 1;
            continue;
        }
        write_atomically(&target, bytes)?;
        report.written.push(path.clone());
    }
    for path in existing {
        if files.contains_key(&path) {
            continue;
        }
        if previous.contains(&path) {
            let target = out.join(&path);
            std::fs::remove_file(&target).map_err(|source| Error::Write {
                path: target.clone(),
                source,
            })?;
            remove_empty_parents(out, &target);
            report.removed.push(path);
        } else {
            report.foreign.push(path);
        }
    }
    Ok(report)
}

fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(err(parent))?;
    }
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = target.with_file_name(format!(".{file_name}.oapi-docgen-tmp"));
    std::fs::write(&tmp, bytes).map_err(err(&tmp))?;
    std::fs::rename(&tmp, target).map_err(err(target))
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn previous_manifest(out: &Path) -> Result<Option<Vec<String>>> {
    let path = out.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(str::to_string)
                .collect(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Write { path, source }),
    }
}

/// Every file below `out`, as `/`-separated relative paths, sorted; build products skipped.
fn existing_files(out: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    if out.exists() {
        walk(out, &mut PathBuf::new(), &mut found)?;
    }
    found.sort();
    Ok(found)
}

fn walk(root: &Path, rel: &mut PathBuf, found: &mut Vec<String>) -> Result<()> {
    let dir = root.join(&rel);
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        let name = entry.file_name();
        if rel.as_os_str().is_empty() && IGNORED.iter().any(|i| name == *i) {
            continue;
        }
        rel.push(&name);
        let kind = entry.file_type().map_err(|source| Error::Write {
            path: entry.path(),
            source,
        })?;
        if kind.is_dir() {
            walk(root, rel, found)?;
        } else {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push(parts.join("/"));
        }
        rel.pop();
    }
    Ok(())
}
