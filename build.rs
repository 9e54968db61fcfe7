// `sqlx::migrate!` embeds the migrations when the crate compiles; without this, adding a
// migration file does not make cargo rebuild, and the binary silently lacks it.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
