/*! iframe-worker 1.0.4 shim/index.js from the npm package, MIT licence: see LICENSE beside this file.
    Changed for this site: the frame's postMessage, importScripts and error listener are set from
    here instead of by an inline <script> written into the frame (whose text holds the worker's
    address, so no fixed hash could allow it), so the page's CSP needs no 'unsafe-inline'.
    tests/browser/test_offline.py searches the offline bundle through it. */
"use strict";
(() => {
  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.url = url;
      const frame = document.createElement("iframe");
      frame.hidden = true;
      document.body.appendChild(this.iframe = frame);
      const w = this.w;
      w.document.open();
      w.postMessage = (data) => setTimeout(() => {
        const event = new MessageEvent("message", { data: structuredClone(data) });
        this.dispatchEvent(event);
        if (this.onmessage) this.onmessage(event);
      });
      w.importScripts = (...urls) => urls.reduce((loaded, src) => loaded.then(() => new Promise((resolve) => {
        const script = w.document.createElement("script");
        script.src = src;
        script.onload = resolve;
        w.document.body.appendChild(script);
      })), Promise.resolve());
      w.addEventListener("error", ({ message, filename, lineno, colno, error }) => {
        const event = new ErrorEvent("error", { message, filename, lineno, colno, error });
        this.dispatchEvent(event);
        if (this.onerror) this.onerror(event);
      });
      w.document.write(`<html><body><script src="${url}?${Date.now()}"><\/script></body></html>`);
      w.document.close();
      this.r = new Promise((resolve, reject) => { w.onload = resolve; w.onerror = reject; });
    }

    terminate() {
      this.iframe.remove();
    }

    postMessage(data) {
      this.r.catch(() => {}).then(() => {
        this.w.dispatchEvent(new MessageEvent("message", structuredClone({ data })));
      });
    }

    get w() {
      return this.iframe.contentWindow;
    }
  }

  window.IFrameWorker = IFrameWorker;
  if (location.protocol === "file:") window.Worker = IFrameWorker;
})();
