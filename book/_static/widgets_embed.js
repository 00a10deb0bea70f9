// Lets the ipywidgets 8 embed manager (html-manager 1.0, served from
// _static/html-manager/) show the widget state stored in a chapter offline.
// Loaded after require.js and before embed-amd.js, on widget pages only.

// The manager finds its icon fonts next to its own module URL, which
// require.js otherwise resolves against the page's folder (404s).
require.config({
  paths: {
    "@jupyter-widgets/html-manager/dist":
      document.documentElement.dataset.content_root + "_static/html-manager",
  },
});

// The widgets typeset their labels through MathJax 2's MathJax.Hub.Queue;
// the site runs MathJax 3, which has no Hub. The manager renders on the
// window's load event, and this listener is registered before its own.
window.addEventListener("load", () => {
  const mathjax = window.MathJax;
  if (!mathjax || mathjax.Hub || !mathjax.startup) {
    return;
  }
  mathjax.Hub = {
    Queue: ([, , element]) =>
      mathjax.startup.promise.then(() => mathjax.typesetPromise([element])),
  };
});
