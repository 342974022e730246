//! `write::write` and `write::check` at the library level: stale files removed, foreign files
//! left alone, foreign folders refused, unchanged files untouched, and a failure at any point
//! leaves the previous output exactly as it was, with no temporary file behind.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use oapi_docgen::Files;
use oapi_docgen::files::MANIFEST;
use oapi_docgen::write::{self, Drift};

/// `files` plus a manifest listing them, as the renderer makes it.
fn output(files: &[(&str, &str)]) -> Files {
    let mut out: Files = files
        .iter()
        .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
        .collect();
    let mut manifest = String::from("# test manifest\n");
    for path in out.keys() {
        manifest.push_str(path);
        manifest.push('\n');
    }
    manifest.push_str(MANIFEST);
    manifest.push('\n');
    out.insert(MANIFEST.to_string(), manifest.into_bytes());
    out
}

fn v1() -> Files {
    output(&[
        ("Cargo.toml", "[package]\n"),
        ("README.md", "# one\n"),
        ("src/lib.rs", "// lib v1\n"),
        ("src/models.rs", "// models v1\n"),
        ("docs/a/one.md", "one v1\n"),
        ("docs/b/two.md", "two v1\n"),
    ])
}

/// Changes two files, keeps two, drops `docs/b/two.md`, adds two in a new folder.
fn v2() -> Files {
    output(&[
        ("Cargo.toml", "[package]\n"),
        ("README.md", "# two\n"),
        ("src/lib.rs", "// lib v1\n"),
        ("src/models.rs", "// models v2\n"),
        ("docs/a/one.md", "one v1\n"),
        ("docs/c/three.md", "three v2\n"),
        ("docs/c/deep/four.md", "four v2\n"),
    ])
}

/// Every entry below `root`: files with bytes and mtime, folders and links by kind.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>, SystemTime),
    Dir,
    Link(PathBuf),
}

fn tree(root: &Path) -> BTreeMap<String, Entry> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Entry>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                out.insert(rel, Entry::Link(std::fs::read_link(&path).unwrap()));
            } else if meta.is_dir() {
                out.insert(rel, Entry::Dir);
                walk(root, &path, out);
            } else {
                out.insert(
                    rel,
                    Entry::File(std::fs::read(&path).unwrap(), meta.modified().unwrap()),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    if root.exists() {
        walk(root, root, &mut out);
    }
    out
}

fn assert_no_temporaries(root: &Path) {
    for path in tree(root).keys() {
        assert!(
            !path.contains(".oapi-docgen-tmp-") && !path.contains(".oapi-docgen-old-"),
            "temporary file left behind: {path}"
        );
    }
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// Lets the clock move on, so that a rewritten file gets a different mtime.
fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(20));
}

#[test]
fn writes_a_new_folder_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/crate");
    let report = write::write(&out, &v1()).unwrap();
    assert_eq!(report.written.len(), v1().len());
    assert_eq!(report.unchanged, 0);
    assert!(report.removed.is_empty() && report.foreign.is_empty());
    assert!(write::check(&out, &v1()).unwrap().is_empty());
    assert_no_temporaries(&out);
}

#[test]
fn stale_files_are_removed_with_their_empty_folders() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    write::write(&out, &v1()).unwrap();
    let report = write::write(&out, &v2()).unwrap();
    assert_eq!(report.removed, vec!["docs/b/two.md".to_string()]);
    assert!(!out.join("docs/b/two.md").exists());
    assert!(
        !out.join("docs/b").exists(),
        "the emptied folder is removed"
    );
    assert!(write::check(&out, &v2()).unwrap().is_empty());
    assert_no_temporaries(&out);
}

#[test]
fn foreign_files_are_left_alone_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    write::write(&out, &v1()).unwrap();
    std::fs::write(out.join("NOTES.txt"), "mine\n").unwrap();
    std::fs::write(out.join("docs/b/mine.md"), "mine too\n").unwrap();
    std::fs::create_dir_all(out.join("target/debug")).unwrap();
    std::fs::write(out.join("target/debug/x"), "build product\n").unwrap();
    std::fs::write(out.join("Cargo.lock"), "lock\n").unwrap();

    let report = write::write(&out, &v2()).unwrap();
    assert_eq!(
        report.foreign,
        vec!["NOTES.txt".to_string(), "docs/b/mine.md".to_string()]
    );
    assert_eq!(report.removed, vec!["docs/b/two.md".to_string()]);
    assert_eq!(read(&out, "NOTES.txt"), "mine\n");
    assert_eq!(read(&out, "docs/b/mine.md"), "mine too\n");
    assert_eq!(read(&out, "target/debug/x"), "build product\n");
    assert_eq!(read(&out, "Cargo.lock"), "lock\n");
}

#[test]
fn a_folder_without_a_manifest_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("theirs");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/lib.rs"), "// precious\n").unwrap();
    let before = tree(&out);
    let err = write::write(&out, &v1()).unwrap_err().to_string();
    assert!(err.contains("did not make"), "{err}");
    assert!(err.contains(MANIFEST), "{err}");
    assert_eq!(tree(&out), before, "nothing was written");
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    std::fs::write(&out, "a file\n").unwrap();
    let err = write::write(&out, &v1()).unwrap_err().to_string();
    assert!(err.contains("not a folder"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "a file\n");
    assert_eq!(tree(dir.path()).len(), 1, "nothing else was written");
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();

    // The output folder itself is a link.
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let err = write::write(&link, &v1()).unwrap_err().to_string();
    assert!(err.contains("symbolic link"), "{err}");
    assert!(tree(&elsewhere).is_empty());

    // A folder inside the output is a link to outside it.
    let out = dir.path().join("crate");
    write::write(&out, &v1()).unwrap();
    std::fs::remove_file(out.join("src/lib.rs")).unwrap();
    std::fs::remove_file(out.join("src/models.rs")).unwrap();
    std::fs::remove_dir(out.join("src")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("src")).unwrap();
    let before = tree(&out);
    let err = write::write(&out, &v2()).unwrap_err().to_string();
    assert!(
        err.contains("symbolic link") && err.contains("src"),
        "{err}"
    );
    assert!(tree(&elsewhere).is_empty(), "nothing written outside");
    assert_eq!(tree(&out), before);
}

#[test]
fn a_folder_in_the_way_of_a_file_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    write::write(&out, &v1()).unwrap();
    std::fs::remove_file(out.join("src/models.rs")).unwrap();
    std::fs::create_dir_all(out.join("src/models.rs/in-the-way")).unwrap();
    let before = tree(&out);
    tick();
    let err = write::write(&out, &v2()).unwrap_err().to_string();
    assert!(err.contains("src/models.rs"), "{err}");
    assert_eq!(tree(&out), before, "every file keeps its bytes and mtime");
    assert_no_temporaries(&out);
}

#[test]
fn a_failure_mid_write_leaves_the_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    write::write(&out, &v1()).unwrap();
    // A folder stands where `src/models.rs` is staged, so writing it fails after README.md and
    // two new pages in a new folder were staged.
    let blocker = out.join(format!(
        "src/.models.rs.oapi-docgen-tmp-{}",
        std::process::id()
    ));
    std::fs::create_dir(&blocker).unwrap();
    let before = tree(&out);
    tick();
    let err = write::write(&out, &v2()).unwrap_err().to_string();
    assert!(err.contains("models.rs"), "{err}");
    assert_eq!(tree(&out), before, "every file keeps its bytes and mtime");
    assert!(!out.join("docs/c").exists(), "the new folder is removed");
    std::fs::remove_dir(&blocker).unwrap();
    assert_no_temporaries(&out);
    write::write(&out, &v2()).unwrap();
    assert!(write::check(&out, &v2()).unwrap().is_empty());
}

#[test]
fn a_failure_at_any_step_leaves_the_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    write::write(&out, &v1()).unwrap();
    std::fs::write(out.join("NOTES.txt"), "mine\n").unwrap();
    let before = tree(&out);
    tick();
    let mut step = 0;
    while let Err(err) = write::write_failing_at(&out, &v2(), step) {
        assert!(err.to_string().contains("cannot write"), "{err}");
        assert_eq!(tree(&out), before, "failure at step {step}");
        assert_no_temporaries(&out);
        step += 1;
        assert!(step < 100, "the fault is never reached");
    }
    // 5 files staged, 5 renamed into place and 1 stale file removed.
    assert_eq!(step, 11);
    assert!(
        write::check(&out, &v2())
            .unwrap()
            .iter()
            .all(|d| matches!(d, Drift::Extra(p) if p == "NOTES.txt"))
    );
    assert_no_temporaries(&out);
}

#[test]
fn a_failure_while_creating_a_new_folder_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a/b/crate");
    for step in 0..v1().len() * 2 {
        assert!(write::write_failing_at(&out, &v1(), step).is_err());
        assert!(tree(dir.path()).is_empty(), "failure at step {step}");
    }
}

#[test]
fn leftovers_of_an_interrupted_run_are_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    write::write(&out, &v1()).unwrap();
    std::fs::write(out.join("src/.models.rs.oapi-docgen-tmp-4242"), "half").unwrap();
    std::fs::write(out.join("docs/.x.md.oapi-docgen-old-4242"), "old").unwrap();
    let report = write::write(&out, &v1()).unwrap();
    assert!(report.foreign.is_empty(), "{:?}", report.foreign);
    assert!(report.written.is_empty());
    assert_no_temporaries(&out);
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    write::write(&out, &v1()).unwrap();
    let before = tree(&out);
    tick();
    let report = write::write(&out, &v2()).unwrap();
    assert_eq!(
        report.written,
        vec![
            MANIFEST.to_string(),
            "README.md".to_string(),
            "docs/c/deep/four.md".to_string(),
            "docs/c/three.md".to_string(),
            "src/models.rs".to_string(),
        ]
    );
    assert_eq!(report.unchanged, 3);
    let after = tree(&out);
    for kept in ["Cargo.toml", "src/lib.rs", "docs/a/one.md"] {
        assert_eq!(after[kept], before[kept], "{kept} was rewritten");
    }
    for changed in ["README.md", "src/models.rs"] {
        assert_ne!(
            after[changed], before[changed],
            "{changed} was not rewritten"
        );
    }
    let again = write::write(&out, &v2()).unwrap();
    assert!(again.written.is_empty());
    assert_eq!(again.unchanged, v2().len());
    assert_eq!(tree(&out), after);
}

#[test]
fn check_lists_differs_missing_and_extra() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    assert_eq!(
        write::check(&out, &output(&[("a.txt", "a")])).unwrap(),
        vec![
            Drift::Missing(MANIFEST.to_string()),
            Drift::Missing("a.txt".to_string())
        ],
        "a folder that does not exist misses everything"
    );
    write::write(&out, &v1()).unwrap();
    assert!(write::check(&out, &v1()).unwrap().is_empty());
    std::fs::write(out.join("src/lib.rs"), "// edited\n").unwrap();
    std::fs::remove_file(out.join("README.md")).unwrap();
    std::fs::write(out.join("docs/stray.md"), "stray\n").unwrap();
    std::fs::create_dir_all(out.join("target")).unwrap();
    std::fs::write(out.join("target/ignored"), "x").unwrap();
    let before = tree(&out);
    assert_eq!(
        write::check(&out, &v1()).unwrap(),
        vec![
            Drift::Differs("src/lib.rs".to_string()),
            Drift::Missing("README.md".to_string()),
            Drift::Extra("docs/stray.md".to_string()),
        ]
    );
    assert_eq!(tree(&out), before, "check writes nothing");
}

#[test]
fn a_real_generated_crate_round_trips() {
    let options = oapi_docgen::Options {
        spec: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml"),
        crate_name: None,
        regen_command: "oapi-docgen".to_string(),
        dialect: None,
        ..Default::default()
    };
    let generated = oapi_docgen::generate(&options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    let report = write::write(&out, &generated.files).unwrap();
    assert_eq!(report.written.len(), generated.files.len());
    assert!(write::check(&out, &generated.files).unwrap().is_empty());
    let again = write::write(&out, &generated.files).unwrap();
    assert_eq!(again.unchanged, generated.files.len());
}
