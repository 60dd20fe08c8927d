// Init scripts (they run in the page before Palaver boots) that record what the page shows
// over time, so a spec can check a whole history, not one snapshot at its end.

/**
 * Records every value the connection indicator's `data-state` and `data-session` take, each
 * in order, in `window.__connection` (`{ state: [...], session: [...] }`; a repeated value is
 * kept once). Mutation records carry the value each change replaced, so a value the indicator
 * held only between two observer callbacks is kept too.
 */
export function recordConnectionStates() {
  const selector = '[data-testid=connection-status]';
  const attributes = { state: 'data-state', session: 'data-session' };
  const history = { state: [], session: [] };
  window.__connection = history;
  const push = (key, value) => {
    if (history[key].at(-1) !== value) history[key].push(value);
  };
  new MutationObserver((mutations) => {
    // The value an attribute record set is the value the next record of that attribute
    // replaced, or, for the last one, the value it has now.
    const valueAfter = (index, element, name) => {
      for (const later of mutations.slice(index + 1)) {
        if (later.type === 'attributes' && later.target === element && later.attributeName === name) {
          return later.oldValue;
        }
      }
      return element.getAttribute(name);
    };
    mutations.forEach((mutation, index) => {
      for (const [key, name] of Object.entries(attributes)) {
        if (mutation.type === 'attributes' && mutation.attributeName === name
          && mutation.target.matches(selector)) {
          push(key, valueAfter(index, mutation.target, name));
        }
        for (const node of mutation.addedNodes) {
          if (node.nodeType !== Node.ELEMENT_NODE) continue;
          const shown = node.matches(selector) ? [node] : [...node.querySelectorAll(selector)];
          // As inserted: the value the first later change replaced, or the current one.
          for (const element of shown) push(key, valueAfter(index, element, name));
        }
      }
    });
  }).observe(document, {
    subtree: true, childList: true, attributes: true, attributeOldValue: true,
    attributeFilter: Object.values(attributes),
  });
}

/** What `recordConnectionStates` saw so far: `{ state: [...], session: [...] }`, oldest first. */
export async function connectionHistory(page) {
  return page.evaluate(() => window.__connection);
}
