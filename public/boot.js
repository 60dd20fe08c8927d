// Loads Palaver's wasm-bindgen module and starts it. External (not inline) so that a strict
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') needs no exception. Nothing is
// exposed on `window`: the page (an embedding site's scripts too) gets no handle on Palaver's
// memory.
const tag = document.querySelector('script[data-palaver-js]');
const bindings = await import(new URL(tag.dataset.palaverJs, document.baseURI).href);
await bindings.default({ module_or_path: new URL(tag.dataset.palaverWasm, document.baseURI).href });
