//! The reference docs as a published site: mdBook builds `generated/docs` with no warning, and a
//! headless Chromium browses the built site on loopback: every page loads with no console
//! error, every internal link and `#anchor` resolves, the create-webhook page shows the seed's
//! parameter table, and the book's search finds `create_webhook`. Screenshots of that page at
//! desktop and phone widths go to `target/tmp/book-screenshots/`.
//!
//! mdBook and Chromium are tools outside the repository, so these tests run only when
//! `OAPI_DOCGEN_BOOK` is set (`.ci/run` installs both and sets it).

#[path = "book/cdp.rs"]
mod cdp;
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use cdp::{Browser, Tab};
use common::seed::{REQUEST_COLUMNS, REQUEST_ROWS};
use serde_json::Value;

const VAR: &str = "OAPI_DOCGEN_BOOK";

/// Whether the book tests run; prints what is skipped when they do not.
fn enabled(test: &str) -> bool {
    if std::env::var_os(VAR).is_some() {
        return true;
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: set {VAR}=1 with mdbook and chromium on PATH to run it \
         (`.ci/run` installs both and sets it)"
    );
    false
}

/// Runs `mdbook build` on `book` into `dest` and returns what it printed; fails on a non-zero
/// exit or any warning or error line.
fn mdbook_build(book: &Path, dest: &Path) -> String {
    let started = Instant::now();
    let out = Command::new("mdbook")
        .arg("build")
        .arg(book)
        .arg("--dest-dir")
        .arg(dest)
        .output()
        .expect("mdbook runs (install it with `cargo install --locked mdbook`)");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "mdbook build failed:\n{log}");
    let complaints: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("WARN") || l.contains("ERROR"))
        .collect();
    assert!(complaints.is_empty(), "mdbook warned:\n{log}");
    eprintln!(
        "mdbook build {} took {:?}",
        book.display(),
        started.elapsed()
    );
    log
}

/// The English book of `generated/docs`, built once for all tests of this binary.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book-site");
        let _ = std::fs::remove_dir_all(&dest);
        mdbook_build(&common::root().join("generated/docs"), &dest);
        dest
    })
}

/// Serves `dir` on a loopback port and returns its base URL, ending in `/`.
async fn serve(dir: &Path) -> String {
    let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(dir));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds a loopback port");
    let addr = listener.local_addr().expect("has an address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/")
}

/// Every `.html` file of the site, as a path relative to its root with `/` separators.
fn html_pages(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("reads the site") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path.strip_prefix(dir).expect("inside the site");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

async fn browser_on_site() -> (Browser, Tab, String) {
    let base = serve(site()).await;
    let mut browser = Browser::launch("chromium").await;
    let tab = browser.new_tab().await;
    (browser, tab, base)
}

/// What a page holds for the link check: its element ids and the links of its `<a>` elements.
const PAGE_FACTS: &str = r#"({
    ids: [...document.querySelectorAll('[id]')].map(e => e.id)
        .concat([...document.querySelectorAll('a[name]')].map(a => a.name)),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
})"#;

#[tokio::test]
async fn every_page_loads_without_console_errors_and_every_link_resolves() {
    if !enabled("every_page_loads_without_console_errors_and_every_link_resolves") {
        return;
    }
    let started = Instant::now();
    let pages = html_pages(site());
    for expected in [
        "index.html",
        "getting-started.html",
        "manage-webhook/create-webhook.html",
    ] {
        assert!(
            pages.iter().any(|p| p == expected),
            "the site has {expected}"
        );
    }
    let (mut browser, tab, base) = browser_on_site().await;
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for page in &pages {
        browser.navigate(&tab, &format!("{base}{page}")).await;
        let facts = browser.evaluate(&tab, PAGE_FACTS).await;
        let errors = browser.take_errors(&tab);
        assert!(errors.0.is_empty(), "{page} reported errors: {errors:#?}");
        let page_ids = facts["ids"].as_array().expect("ids").iter();
        ids.insert(
            page.clone(),
            page_ids
                .filter_map(Value::as_str)
                .map(String::from)
                .collect(),
        );
        for link in facts["links"].as_array().expect("links") {
            let link = link.as_str().expect("an href").to_string();
            links.push((page.clone(), link));
        }
    }
    let mut checked = 0;
    let mut broken = Vec::new();
    for (page, link) in &links {
        let Some(internal) = link.strip_prefix(&base) else {
            continue;
        };
        checked += 1;
        let (path, fragment) = match internal.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (internal, None),
        };
        let path = path.split('?').next().unwrap_or_default();
        let target = match path {
            "" => "index.html".to_string(),
            p if p.ends_with('/') => format!("{p}index.html"),
            p => p.to_string(),
        };
        let Some(target_ids) = ids.get(&target) else {
            if !site().join(&target).is_file() {
                broken.push(format!("{page}: {link} (no such file)"));
            }
            continue;
        };
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            let fragment = percent_decode(fragment);
            if !target_ids.contains(&fragment) {
                broken.push(format!("{page}: {link} (no #{fragment} on {target})"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(
        checked > 100,
        "the site's pages link to each other ({checked} internal links)"
    );
    eprintln!(
        "browsed {} pages, checked {checked} internal links in {:?}",
        pages.len(),
        started.elapsed()
    );
}

/// `%XX` escapes decoded, as the browser matches a fragment against ids.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The header and body cells of the first table after the `<h2>` titled `heading`.
fn table_after_heading(heading: &str) -> String {
    format!(
        r#"(() => {{
    const h = [...document.querySelectorAll('h2')].find(h => h.textContent.trim() === {heading:?});
    if (!h) return null;
    let el = h.nextElementSibling;
    while (el && !(el.matches('table') || el.querySelector('table'))) el = el.nextElementSibling;
    if (!el) return null;
    const table = el.matches('table') ? el : el.querySelector('table');
    const box = table.getBoundingClientRect();
    return {{
        head: [...table.querySelectorAll('thead th')].map(c => c.textContent.trim()),
        rows: [...table.querySelectorAll('tbody tr')]
            .map(r => [...r.cells].map(c => c.textContent.trim())),
        shown: box.width > 0 && box.height > 0,
    }};
}})()"#
    )
}

#[tokio::test]
async fn create_webhook_page_shows_the_seed_parameter_table() {
    if !enabled("create_webhook_page_shows_the_seed_parameter_table") {
        return;
    }
    let (mut browser, tab, base) = browser_on_site().await;
    let screenshots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book-screenshots");
    std::fs::create_dir_all(&screenshots).expect("a screenshot folder");
    let url = format!("{base}manage-webhook/create-webhook.html");
    for (name, width, height, mobile) in [("desktop", 1280, 900, false), ("phone", 390, 844, true)]
    {
        browser.viewport(&tab, width, height, mobile).await;
        browser.navigate(&tab, &url).await;
        let errors = browser.take_errors(&tab);
        assert!(errors.0.is_empty(), "{name}: the page reported {errors:#?}");
        let title = browser.evaluate(&tab, "document.title").await;
        assert!(
            title
                .as_str()
                .is_some_and(|t| t.starts_with("Create a Webhook")),
            "{name}: the page's title is {title}"
        );
        let table = browser
            .evaluate(&tab, &table_after_heading("Request parameters"))
            .await;
        assert_eq!(table["head"], serde_json::json!(REQUEST_COLUMNS), "{name}");
        assert_eq!(table["shown"], true, "{name}: the table is laid out");
        let rows = table["rows"].as_array().expect("rows");
        for want in REQUEST_ROWS {
            let got = rows
                .iter()
                .find(|r| r[0] == want.name)
                .unwrap_or_else(|| panic!("{name}: no row {} in {rows:?}", want.name));
            assert_eq!(got[1], want.ty, "{name}: type of {}", want.name);
            assert!(
                got[2]
                    .as_str()
                    .is_some_and(|r| r.eq_ignore_ascii_case(want.required)),
                "{name}: required-ness of {}",
                want.name
            );
            assert_eq!(got[5], want.sample, "{name}: sample of {}", want.name);
        }
        let shot = screenshots.join(format!("create-webhook-{name}.png"));
        browser.screenshot(&tab, &shot).await;
        let png = std::fs::read(&shot).expect("the screenshot was written");
        assert!(png.starts_with(b"\x89PNG"), "{} is a PNG", shot.display());
        eprintln!("screenshot: {}", shot.display());
    }
}

#[tokio::test]
async fn the_books_search_finds_create_webhook() {
    if !enabled("the_books_search_finds_create_webhook") {
        return;
    }
    let (mut browser, tab, base) = browser_on_site().await;
    browser
        .navigate(&tab, &format!("{base}index.html?search=create_webhook"))
        .await;
    let results = browser
        .evaluate(
            &tab,
            r#"new Promise(done => {
                let tries = 0;
                const look = () => {
                    const hits = [...document.querySelectorAll('#mdbook-searchresults a, #searchresults a')]
                        .map(a => a.getAttribute('href'));
                    if (hits.length > 0 || ++tries > 50) done(hits); else setTimeout(look, 100);
                };
                look();
            })"#,
        )
        .await;
    let errors = browser.take_errors(&tab);
    assert!(errors.0.is_empty(), "the search reported {errors:#?}");
    let hits: Vec<&str> = results
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        hits.iter()
            .any(|h| h.starts_with("manage-webhook/create-webhook.html")),
        "searching create_webhook finds its page: {hits:?}"
    );
}

/// Writes the `docs/` files of `generated` under `dir` and returns the book's folder.
fn write_docs(generated: &oapi_docgen::Generated, dir: &Path) -> PathBuf {
    for (path, bytes) in &generated.files {
        if let Some(doc) = path.strip_prefix("docs/") {
            let file = dir.join("docs").join(doc);
            std::fs::create_dir_all(file.parent().expect("a parent")).expect("folders");
            std::fs::write(&file, bytes).expect("writes the page");
        }
    }
    dir.join("docs")
}

#[test]
fn every_fixture_book_builds_without_warnings() {
    if !enabled("every_fixture_book_builds_without_warnings") {
        return;
    }
    let mut built = 0;
    for entry in std::fs::read_dir(common::root().join("tests/fixtures")).expect("fixtures") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if !(name.ends_with(".yaml") || name.ends_with(".json")) || name.contains(".roundtrip.") {
            continue;
        }
        let dir = tempfile::tempdir().expect("a temp folder");
        let book = write_docs(&common::generate(&name), dir.path());
        let dest = dir.path().join("site");
        mdbook_build(&book, &dest);
        assert!(
            dest.join("index.html").is_file(),
            "{name}: the book has an index"
        );
        built += 1;
    }
    assert!(built >= 15, "built the books of {built} fixtures");
}

#[test]
fn the_book_builds_without_warnings_in_english_and_chinese() {
    if !enabled("the_book_builds_without_warnings_in_english_and_chinese") {
        return;
    }
    let english = site();
    let index = std::fs::read_to_string(english.join("index.html")).expect("an index page");
    assert!(
        index.contains(r#"<html lang="en""#),
        "the English book says so"
    );
    let mut options = oapi_docgen::Options::project_default().expect("the project config");
    options.docs_language = Some(oapi_docgen::ir::Language::ZhCn);
    let generated = oapi_docgen::generate(&options).expect("generates in Chinese");
    let dir = tempfile::tempdir().expect("a temp folder");
    let book = write_docs(&generated, dir.path());
    let dest = dir.path().join("site");
    mdbook_build(&book, &dest);
    let index = std::fs::read_to_string(dest.join("index.html")).expect("an index page");
    assert!(
        index.contains(r#"<html lang="zh-CN""#),
        "the Chinese book says so"
    );
    let page = std::fs::read_to_string(dest.join("manage-webhook/create-webhook.html"))
        .expect("the create-webhook page");
    for label in ["请求参数", "是否必填", "示例值", "示例结果", "数据结构"] {
        assert!(page.contains(label), "the Chinese page shows {label}");
    }
    let toc = std::fs::read_dir(&dest)
        .expect("reads the site")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("toc") && name.ends_with(".js")
        })
        .expect("the site has its table of contents script");
    let toc = std::fs::read_to_string(toc).expect("reads the table of contents");
    assert!(
        toc.contains("快速开始"),
        "the Chinese contents list the getting-started page"
    );
}
