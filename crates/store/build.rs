//! `sqlx::migrate!` embeds the migrations at compile time; without this a migration added
//! to the folder would not reach the binary until some source file changed.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
