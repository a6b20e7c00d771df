//! Rebuilds when a file of the default theme is added or removed: the theme is embedded in the binary.
fn main() {
    println!("cargo::rerun-if-changed=themes/default");
}
