// Desktop notifications in headless Chromium: the page records each Notification it creates,
// and hiding the tab is faked (a headless page stays "visible" whatever is in front of it, so
// `document.visibilityState` is overridden and `visibilitychange` dispatched).

/** Records notifications and lets the spec fake hiding the page (as switching tabs would). */
export function instrument() {
  window.__notifications = [];
  const Native = window.Notification;
  window.Notification = class extends Native {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, body: options?.body, tag: options?.tag, instance: this });
    }
  };
  window.__hidden = false;
  Object.defineProperty(document, 'visibilityState', { get: () => (window.__hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { get: () => window.__hidden });
}

export async function setHidden(page, hidden) {
  await page.evaluate((h) => { window.__hidden = h; document.dispatchEvent(new Event('visibilitychange')); }, hidden);
}
