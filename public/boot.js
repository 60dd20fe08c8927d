// Loads Palaver's wasm-bindgen module and starts it. External (not inline) so that a strict
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') needs no exception.
const tag = document.querySelector('script[data-palaver-js]');
const bindings = await import(new URL(tag.dataset.palaverJs, document.baseURI).href);
const wasm = await bindings.default({ module_or_path: new URL(tag.dataset.palaverWasm, document.baseURI).href });
// The wasm linear memory, so a benchmark can count it next to the JS heap (tests/bench).
window.palaverWasmMemory = wasm.memory;
