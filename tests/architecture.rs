//! The module graph of both crates: no two modules import each other. A module names
//! another through `crate::name` paths (in `use` items or inline); the crate root,
//! which declares every module, is left out. A pair that imports each other is one
//! piece of code split in two, or a dependency that belongs in a third module.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Each module of the crate at `src` (`format`, `client::remote`) and the modules its
/// source names through `crate::` paths.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    collect(src, &mut files);
    let name = |file: &Path| {
        let relative = file.strip_prefix(src).unwrap().with_extension("");
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .filter(|part| part != "mod")
            .collect();
        parts.join("::")
    };
    let modules: BTreeSet<String> = files.iter().map(|file| name(file)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let module = name(file);
        if module == "lib" {
            continue;
        }
        let source = fs::read_to_string(file).unwrap();
        let mut named = BTreeSet::new();
        for line in source.lines() {
            let code = line.split("//").next().unwrap_or("");
            for path in crate_paths(code) {
                // The longest prefix of the path that is a module.
                let parts: Vec<&str> = path.split("::").collect();
                let target = (1..=parts.len())
                    .rev()
                    .map(|n| parts[..n].join("::"))
                    .find(|candidate| modules.contains(candidate));
                if let Some(target) = target.filter(|t| *t != module && t != "lib") {
                    named.insert(target);
                }
            }
        }
        graph.insert(module, named);
    }
    graph
}

/// The `.rs` files below `dir`.
fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// The paths `code` names after `crate::`, a group's items each on its own (its nested
/// groups cut at the brace, which is past the module): `crate::{format::{self, Kind},
/// fixed}` names `format::` and `fixed`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start, mut end) = (0, 0, group.len());
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        end = i;
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        paths.push(path_prefix(&group[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            paths.push(path_prefix(&group[start..end]));
            rest = &group[end..];
        } else {
            let path = path_prefix(rest);
            rest = &rest[path.len()..];
            paths.push(path);
        }
    }
    paths.retain(|path| !path.is_empty());
    paths
}

/// The path at the start of `text`: identifiers joined by `::`.
fn path_prefix(text: &str) -> String {
    let text = text.trim_start();
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    text[..end].to_owned()
}

/// The pairs of modules in `graph` that name each other.
fn mutual_pairs(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (module, named) in graph {
        for other in named {
            if module < other && graph.get(other).is_some_and(|back| back.contains(module)) {
                pairs.push((module.clone(), other.clone()));
            }
        }
    }
    pairs
}

#[test]
fn no_two_modules_import_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for krate in ["api-error-core/src", "api-error-derive/src"] {
        let graph = module_graph(&root.join(krate));
        assert!(graph.len() > 5, "{krate}: {graph:?}");
        assert_eq!(mutual_pairs(&graph), Vec::new(), "{krate}");
    }
}

/// The check itself reads grouped, nested and inline paths, and finds a pair.
#[test]
fn a_mutual_import_is_found() {
    assert_eq!(
        crate_paths("use crate::{format::{self, Kind}, fixed}; let x = crate::scan::word(y);"),
        ["format::", "fixed", "scan::word"]
    );
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("fixed", &["format"][..]),
        ("format", &["fixed", "scan"][..]),
        ("scan", &[][..]),
    ]
    .into_iter()
    .map(|(module, named)| {
        let named = named.iter().map(|name| (*name).to_owned()).collect();
        (module.to_owned(), named)
    })
    .collect();
    assert_eq!(
        mutual_pairs(&graph),
        [("fixed".to_owned(), "format".to_owned())]
    );
}

/// The names the derive refuses for an exposed field (`PROBLEM_MEMBERS` and
/// `OTHER_MEMBERS` in `api-error-derive/src/valid.rs`, which cannot depend on the
/// runtime) are exactly the keys of the runtime's body definitions.
#[test]
fn the_derives_reserved_names_are_the_body_definitions_keys() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = fs::read_to_string(root.join("api-error-derive/src/valid.rs")).unwrap();
    let mut reserved = BTreeSet::new();
    for list in [
        "const PROBLEM_MEMBERS: &[&str] = &[",
        "const OTHER_MEMBERS: &[&str] = &[",
    ] {
        let start = source.find(list).unwrap() + list.len();
        let end = start + source[start..].find("];").unwrap();
        for item in source[start..end].split(',') {
            let item = item.trim().trim_matches('"');
            if !item.is_empty() {
                reserved.insert(item.to_owned());
            }
        }
    }
    let keys: BTreeSet<String> = http_api_error::__private::body_member_keys()
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert!(
        keys.contains("requestId") && keys.contains("type"),
        "{keys:?}"
    );
    assert_eq!(reserved, keys);
}
