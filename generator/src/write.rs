//! Writing: compares rendered files with an output folder (`--check`) or brings the folder up
//! to date, touching only files whose bytes changed and removing only files it made before.
//!
//! # Nothing half-written
//!
//! [`write`] is a small transaction over the files of the output folder, in three phases:
//!
//! 1. **Plan** (reads only). The folder must be a real folder (not a file, not a symbolic link)
//!    whose files the generator made (it has a manifest) or that is empty or new. Every path the
//!    generator writes is checked: no symbolic link on the way (so a write can never land
//!    outside the folder), no folder where a file goes and no file where a folder goes. Files
//!    whose bytes are already right are left out of the plan, so their mtime does not change.
//! 2. **Stage**. Each new or changed file is written in full to a temporary sibling,
//!    `.<name>.oapi-docgen-tmp-<pid>`, in the folder where it belongs; the file it replaces gets
//!    a second hard link, `.<name>.oapi-docgen-old-<pid>`, as its backup. Nothing a reader of
//!    the folder looks at has changed yet.
//! 3. **Commit**. Each staged file is renamed over its target (an atomic replace), then each
//!    stale file (made earlier, listed in the previous `.oapi-docgen-manifest`, not made now) is
//!    renamed to its backup name, and the new manifest is renamed into place last. Only when
//!    every step succeeded are the backups deleted and emptied folders removed.
//!
//! If any step fails, every step done so far is undone in reverse (backups renamed back, so the
//! old files return with their old bytes and mtimes; temporaries and folders created by this
//! run removed) before the error is returned: a failure leaves the previous output exactly as
//! it was, with no temporary file behind.
//!
//! Why not build a whole new tree in a temporary folder and swap it in? The output folder also
//! holds things the generator must never touch (`target/`, `Cargo.lock`, files someone added);
//! moving them across, and swapping two folders (two renames, with a moment in between where
//! the folder does not exist), is both riskier and no more atomic than the journal above.
//!
//! A process killed in the middle of the commit (power loss, `SIGKILL`) cannot roll back. The
//! manifest is committed last so that the next run still knows every file it made before; that
//! run also deletes the temporaries and backups the killed run left (recognized by name).
//!
//! Symbolic links: the output folder itself must not be one (pass the folder it points to), and
//! nothing inside it on a path the generator writes may be one. The generator never writes
//! through a link, so it never writes outside the folder it was given.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::files::{Files, MANIFEST};

/// Top-level entries of an output folder that are build products, not output: never compared,
/// never touched.
const IGNORED: &[&str] = &["target", "Cargo.lock"];

/// Marks the name of a temporary file staged by [`write`].
const TMP_MARK: &str = ".oapi-docgen-tmp-";
/// Marks the name of the backup of a replaced or removed file during [`write`].
const OLD_MARK: &str = ".oapi-docgen-old-";

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

/// Brings `out` up to date with `files`, all or nothing (see the module doc).
///
/// Refuses a non-empty folder that has no manifest (files the generator did not make), a path
/// that is a file or a symbolic link, and symbolic links inside the folder on a path it writes.
/// Rewrites only files whose bytes change, removes only files listed in the previous manifest,
/// and reports the others as foreign. On error the folder is as it was before the call.
pub fn write(out: &Path, files: &Files) -> Result<Report> {
    write_inner(out, files, None)
}

/// [`write`] with a failure injected at step `step` (counting the staging of each changed
/// file, then each commit step), to test that a failure anywhere leaves the folder as it was.
#[doc(hidden)]
pub fn write_failing_at(out: &Path, files: &Files, step: usize) -> Result<Report> {
    write_inner(out, files, Some(step))
}

fn write_inner(out: &Path, files: &Files, fault: Option<usize>) -> Result<Report> {
    check_out_folder(out)?;
    let all = existing_files(out)?;
    let previous = previous_manifest(out)?;
    if previous.is_none() && !all.is_empty() {
        return Err(Error::Output {
            path: out.to_path_buf(),
            message: format!(
                "refusing to write: the folder holds files that oapi-docgen did not make (no {MANIFEST}); \
                 choose an empty or new folder"
            ),
        });
    }
    let previous: BTreeSet<String> = previous.unwrap_or_default().into_iter().collect();
    let (leftovers, existing): (Vec<String>, Vec<String>) =
        all.into_iter().partition(|p| is_leftover(p));

    let mut report = Report::default();
    let mut changed = Vec::new();
    for (path, bytes) in files {
        let target = check_target(out, path)?;
        if std::fs::read(&target).is_ok_and(|old| old == *bytes) {
            report.unchanged += 1;
        } else {
            changed.push(path.as_str());
        }
    }
    // The manifest goes last, after the stale files are gone (see the module doc).
    changed.sort_by_key(|p| *p == MANIFEST);
    let mut stale = Vec::new();
    for path in existing {
        if files.contains_key(&path) {
            continue;
        }
        if previous.contains(&path) {
            stale.push(path);
        } else {
            report.foreign.push(path);
        }
    }

    // Temporaries and backups a killed run left behind (their names mark them as ours).
    for path in &leftovers {
        let target = out.join(path);
        std::fs::remove_file(&target).map_err(|source| Error::Write {
            path: target.clone(),
            source,
        })?;
    }
    let mut tx = Transaction {
        out,
        fault,
        step: 0,
        created_dirs: Vec::new(),
        staged: Vec::new(),
        removed: Vec::new(),
    };
    let result = tx.stage(&changed, files).and_then(|()| tx.commit(&stale));
    match result {
        Ok(()) => {
            tx.finish();
            report.written = changed.iter().map(|p| p.to_string()).collect();
            report.written.sort();
            report.removed = stale;
            Ok(report)
        }
        Err(e) => {
            tx.roll_back();
            Err(e)
        }
    }
}

/// The output folder must be a folder (or not exist yet), and not a symbolic link.
fn check_out_folder(out: &Path) -> Result<()> {
    let refuse = |message: String| {
        Err(Error::Output {
            path: out.to_path_buf(),
            message,
        })
    };
    match std::fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::read_link(out)
                .map(|t| t.display().to_string())
                .unwrap_or_else(|_| "?".to_string());
            refuse(format!(
                "refusing to write: the output folder is a symbolic link (to {target}); \
                 pass the folder it points to instead"
            ))
        }
        Ok(meta) if !meta.is_dir() => refuse(
            "refusing to write: this path exists and is not a folder; choose a folder".to_string(),
        ),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Write {
            path: out.to_path_buf(),
            source,
        }),
    }
}

/// Checks the way to one output file: every existing component is a real folder, the file
/// itself is not a folder or a link. Returns the file's path.
fn check_target(out: &Path, rel: &str) -> Result<PathBuf> {
    let refuse = |path: &Path, message: &str| Error::Output {
        path: path.to_path_buf(),
        message: format!("refusing to write `{rel}`: {message}"),
    };
    let parts: Vec<&str> = rel.split('/').collect();
    let safe = parts.iter().all(|p| {
        let mut c = Path::new(p).components();
        matches!((c.next(), c.next()), (Some(Component::Normal(_)), None))
    });
    if !safe {
        return Err(refuse(out, "not a plain relative path"));
    }
    let mut path = out.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let last = i + 1 == parts.len();
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(refuse(
                    &path,
                    "it is a symbolic link; the generator never writes through one",
                ));
            }
            Ok(meta) if last && meta.is_dir() => {
                return Err(refuse(&path, "a folder is in the way of the file"));
            }
            Ok(meta) if !last && !meta.is_dir() => {
                return Err(refuse(&path, "a file is in the way of a folder"));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(source) => return Err(Error::Write { path, source }),
        }
    }
    Ok(path)
}

/// One new or changed file on its way into place.
struct Staged {
    target: PathBuf,
    tmp: PathBuf,
    /// The backup of the file being replaced, if there is one.
    backup: Option<Backup>,
    /// Whether `tmp` has been written (so exists until committed).
    written: bool,
    /// Whether `tmp` has been renamed over `target`.
    committed: bool,
}

/// How the previous bytes of a replaced file are kept until the commit is done.
struct Backup {
    path: PathBuf,
    /// `true`: a hard link made while staging (the target never disappears). `false`: the file
    /// system has no hard links, so the target is renamed aside just before it is replaced.
    linked: bool,
    /// Whether the backup exists now.
    exists: bool,
}

struct Transaction<'a> {
    out: &'a Path,
    fault: Option<usize>,
    step: usize,
    /// Folders this run created, in creation order.
    created_dirs: Vec<PathBuf>,
    staged: Vec<Staged>,
    /// Stale files renamed to their backup name: (original, backup).
    removed: Vec<(PathBuf, PathBuf)>,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Write { path, source }
}

fn sibling(target: &Path, mark: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}{mark}{}", std::process::id()))
}

/// Whether a relative path names a temporary or backup file left by an interrupted [`write`].
fn is_leftover(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let Some(rest) = name.strip_prefix('.') else {
        return false;
    };
    [TMP_MARK, OLD_MARK].iter().any(|mark| {
        rest.rfind(mark).is_some_and(|i| {
            let pid = &rest[i + mark.len()..];
            i > 0 && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        })
    })
}

impl Transaction<'_> {
    /// Counts one step and fails it if it is the injected fault.
    fn tick(&mut self, path: &Path) -> Result<()> {
        let step = self.step;
        self.step += 1;
        match self.fault == Some(step) {
            true => Err(Error::Write {
                path: path.to_path_buf(),
                source: std::io::Error::other(format!("injected failure at step {step}")),
            }),
            false => Ok(()),
        }
    }

    fn create_dirs(&mut self, dir: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut d = Some(dir);
        while let Some(p) = d {
            if p.as_os_str().is_empty() || p.is_dir() {
                break;
            }
            missing.push(p.to_path_buf());
            d = p.parent();
        }
        for p in missing.into_iter().rev() {
            std::fs::create_dir(&p).map_err(io_err(&p))?;
            self.created_dirs.push(p);
        }
        Ok(())
    }

    /// Phase 2: every changed file written in full next to its target, every target backed up.
    fn stage(&mut self, changed: &[&str], files: &Files) -> Result<()> {
        self.create_dirs(self.out)?;
        for rel in changed {
            let target = self.out.join(rel);
            self.tick(&target)?;
            if let Some(parent) = target.parent() {
                self.create_dirs(parent)?;
            }
            let tmp = sibling(&target, TMP_MARK);
            let exists = std::fs::symlink_metadata(&target).is_ok();
            self.staged.push(Staged {
                target: target.clone(),
                tmp: tmp.clone(),
                backup: None,
                written: false,
                committed: false,
            });
            let entry = self.staged.last_mut().expect("just pushed");
            write_new(&tmp, &files[*rel]).inspect_err(|_| {
                // A partial temporary file may exist.
                let _ = std::fs::remove_file(&tmp);
            })?;
            entry.written = true;
            if exists {
                let path = sibling(&target, OLD_MARK);
                let linked = std::fs::hard_link(&target, &path).is_ok();
                entry.backup = Some(Backup {
                    path,
                    linked,
                    exists: linked,
                });
            }
        }
        Ok(())
    }

    /// Phase 3: staged files renamed into place, stale files renamed aside, manifest last.
    fn commit(&mut self, stale: &[String]) -> Result<()> {
        let manifest_last = self
            .staged
            .last()
            .is_some_and(|s| s.target == self.out.join(MANIFEST));
        let before_manifest = self.staged.len() - usize::from(manifest_last);
        for i in 0..before_manifest {
            self.commit_one(i)?;
        }
        for rel in stale {
            let target = self.out.join(rel);
            self.tick(&target)?;
            let backup = sibling(&target, OLD_MARK);
            std::fs::rename(&target, &backup).map_err(io_err(&target))?;
            self.removed.push((target, backup));
        }
        if manifest_last {
            self.commit_one(self.staged.len() - 1)?;
        }
        Ok(())
    }

    fn commit_one(&mut self, i: usize) -> Result<()> {
        let target = self.staged[i].target.clone();
        self.tick(&target)?;
        let entry = &mut self.staged[i];
        if let Some(backup) = entry.backup.as_mut().filter(|b| !b.linked) {
            std::fs::rename(&entry.target, &backup.path).map_err(io_err(&entry.target))?;
            backup.exists = true;
        }
        std::fs::rename(&entry.tmp, &entry.target).map_err(io_err(&entry.target))?;
        entry.committed = true;
        Ok(())
    }

    /// Success: backups deleted, folders emptied by removals removed. Best effort: a file left
    /// here is deleted by the next run (its name marks it).
    fn finish(self) {
        for entry in &self.staged {
            if let Some(backup) = entry.backup.as_ref().filter(|b| b.exists) {
                let _ = std::fs::remove_file(&backup.path);
            }
        }
        for (original, backup) in &self.removed {
            let _ = std::fs::remove_file(backup);
            remove_empty_parents(self.out, original);
        }
    }

    /// Failure: every step undone in reverse order. Best effort, as nothing better can be done
    /// when undoing fails too.
    fn roll_back(self) {
        for (original, backup) in self.removed.iter().rev() {
            let _ = std::fs::rename(backup, original);
        }
        for entry in self.staged.iter().rev() {
            match (&entry.backup, entry.committed) {
                (Some(b), _) if b.exists && (entry.committed || !b.linked) => {
                    // The old file was replaced or moved aside: put it back.
                    let _ = std::fs::rename(&b.path, &entry.target);
                }
                (Some(b), false) if b.exists => {
                    let _ = std::fs::remove_file(&b.path);
                }
                (None, true) => {
                    // A new file: remove it.
                    let _ = std::fs::remove_file(&entry.target);
                }
                _ => {}
            }
            if entry.written && !entry.committed {
                let _ = std::fs::remove_file(&entry.tmp);
            }
        }
        for dir in self.created_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Writes a file that must not exist yet (never follows a link left at that name).
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io_err(path))?;
    file.write_all(bytes).map_err(io_err(path))
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
/// Symbolic links are listed as files and never followed.
fn existing_files(out: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_recognized_by_name() {
        assert!(is_leftover("src/.models.rs.oapi-docgen-tmp-123"));
        assert!(is_leftover("..oapi-docgen-manifest.oapi-docgen-old-9"));
        assert!(!is_leftover("src/models.rs"));
        assert!(!is_leftover(".oapi-docgen-manifest"));
        assert!(!is_leftover(".x.oapi-docgen-tmp-"));
        assert!(!is_leftover("x.oapi-docgen-tmp-1"));
    }
}
