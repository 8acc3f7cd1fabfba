// Loading a dossier allocates a great deal from several threads at once;
// mimalloc does that markedly faster than the system allocator and faults in
// far fewer pages (docs/performance.md has the figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(kmi::cli::main_with_args(std::env::args_os()));
}
