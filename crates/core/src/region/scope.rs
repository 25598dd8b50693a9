//! A caller's scope: the region subtree their role covers, as a materialised path prefix.

use super::RegionCode;

/// The subtree a staff account may see. Regions store their materialised path
/// (`/610302/610302001/…/`), so "inside the scope" is a prefix match that the database
/// answers from an index, in the query itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    root: RegionCode,
    path: String,
}

impl Scope {
    /// `path` is the materialised path of `root`, e.g. `/610302/610302001/`.
    pub fn new(root: RegionCode, path: String) -> Self {
        Scope { root, path }
    }

    pub fn root(&self) -> &RegionCode {
        &self.root
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// Half-open bounds `[lo, hi)` on the path column that hold exactly this subtree, so a
    /// plain B-tree index answers the scope filter on both databases.
    pub fn bounds(&self) -> (String, String) {
        path_bounds(&self.path)
    }

    /// Whether a region with the given materialised path lies inside this scope.
    pub fn contains_path(&self, path: &str) -> bool {
        path.starts_with(&self.path)
    }
}

/// `[path, path with its closing '/' raised to '0')`: every path that starts with `path`.
pub fn path_bounds(path: &str) -> (String, String) {
    let stem = path.strip_suffix('/').unwrap_or(path);
    (path.to_owned(), format!("{stem}0"))
}

/// The materialised path of a child, given its parent's path.
pub fn child_path(parent_path: &str, code: &RegionCode) -> String {
    format!("{parent_path}{code}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_contains_its_subtree_and_nothing_beside_it() {
        let town: RegionCode = "610302001".parse().unwrap();
        let scope = Scope::new(town.clone(), "/610302/610302001/".into());
        let grid: RegionCode = "610302001001001".parse().unwrap();
        let inside = child_path("/610302/610302001/610302001001/", &grid);
        assert!(scope.contains_path(&inside));
        assert!(scope.contains_path("/610302/610302001/"));
        assert!(!scope.contains_path("/610302/610302002/610302002001/"));
        assert!(!scope.contains_path("/610302/"));
        let (lo, hi) = scope.bounds();
        assert!(lo.as_str() <= inside.as_str() && inside.as_str() < hi.as_str());
        assert!("/610302/610302002/" >= hi.as_str());
        assert!("/610302/610302001" < lo.as_str());
    }
}
