// Loading a dossier allocates a great deal from several threads at once;
// mimalloc does that markedly faster than the system allocator and faults in
// far fewer pages; version 2 reuses the memory of each part of the dossier
// that `check` frees for the next (docs/performance.md has the figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(kmi::cli::main_with_args(std::env::args_os()));
}
