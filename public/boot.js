// Loads Palaver's wasm-bindgen module and starts it. External (not inline) so that a strict
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') needs no exception.
const tag = document.querySelector('script[data-palaver-js]');
const bindings = await import(new URL(tag.dataset.palaverJs, document.baseURI).href);
await bindings.default({ module_or_path: new URL(tag.dataset.palaverWasm, document.baseURI).href });
