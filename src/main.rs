//! The wasm entry point Trunk builds; natively there is nothing to run.

fn main() {
    #[cfg(target_arch = "wasm32")]
    palaver::start();
}
