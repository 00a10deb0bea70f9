// The web book's loader (the end of the classic script bundle.py writes).
// A chapter's widget cell stores, as HTML, a <div class="scratchnet-live">
// naming the widget and holding its starting state; with no kernel behind the
// page, a PageModel keeps that state and the widget's own render() draws it.
// A link ending in "#NAME:CODE" (the widget's Share box) opens the first
// widget of that name in the shared state.

globalThis.scratchnetWebPage = true;

class PageModel {
  constructor(state) {
    this.state = { ...state };
    this.listeners = new Map();
  }

  get(key) {
    return this.state[key];
  }

  set(key, value) {
    if (this.state[key] === value) return;
    this.state[key] = value;
    for (const listener of this.listeners.get(`change:${key}`) || []) listener();
  }

  save_changes() {}  // nothing to save to: the page is the whole widget

  on(event, listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, []);
    this.listeners.get(event).push(listener);
  }

  off(event, listener) {
    const listeners = this.listeners.get(event) || [];
    this.listeners.set(event, listeners.filter((other) => other !== listener));
  }

  send() {}
}

function sharedState(name, state, shared) {
  if (!location.hash.startsWith(`#${name}:`) || shared.has(name)) return null;
  shared.add(name);
  const restored = decodeShareCode(name, decodeURIComponent(location.hash));
  if (restored instanceof Error) {
    console.warn(`scratchnet: the link's widget state was not used: ${restored.message}`);
    return null;
  }
  const known = Object.keys(restored).filter((key) => key in state);
  return Object.fromEntries(known.map((key) => [key, restored[key]]));
}

function mountAll() {
  const shared = new Set();
  for (const node of document.querySelectorAll(".scratchnet-live[data-widget]")) {
    const name = node.dataset.widget;
    const widget = widgets[name];
    if (!widget) {
      console.error(`scratchnet: no widget called ${name} in this build`);
      continue;
    }
    const state = JSON.parse(node.dataset.state);
    const fromLink = sharedState(name, state, shared);
    const model = new PageModel({ ...state, ...fromLink });
    widget.render({ model, el: node });
    node.dataset.mounted = "true";
    if (fromLink) node.scrollIntoView();
  }
}

globalThis.scratchnet = { widgets, PageModel };
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountAll);
} else {
  mountAll();
}
