/* Keyboard access that Material leaves out (WCAG 2.1.1, 2.4.1, 2.4.3).
 *
 * 1. "Skip to content": Material handles same-page links itself, which scrolls
 *    but leaves keyboard focus at the top; focus the target heading instead.
 * 2. On narrow screens (a phone, or a desktop zoomed to 400 %) the buttons that
 *    open the navigation drawer and search are <label>s, which take no focus:
 *    make them buttons that Enter and Space press, and let Escape close the
 *    drawer, returning focus to its button.
 * 3. Material's search panel is a role="dialog" without a name (WCAG 4.1.2).
 *    It is named here rather than by overriding partials/search.html: a copy of
 *    that partial would have to follow every Material release, and the dialog
 *    does nothing without script anyway.
 */
(() => {
  "use strict";

  const drawer = () => document.getElementById("__drawer");
  const buttons = {
    "__drawer": "Open the navigation menu",
    "__search": "Open search",
  };

  const nameSearchDialog = () => {
    for (const dialog of document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])')) {
      dialog.setAttribute("aria-label", "Search this site");
    }
  };

  const enhanceHeaderButtons = () => {
    for (const [toggle, name] of Object.entries(buttons)) {
      for (const label of document.querySelectorAll(`label.md-header__button[for="${toggle}"]`)) {
        if (label.hasAttribute("tabindex")) continue;
        label.setAttribute("tabindex", "0");
        label.setAttribute("role", "button");
        label.setAttribute("aria-label", name);
      }
    }
  };

  // Material's instant navigation re-renders the page even for a same-page
  // link, so the heading is focused now and again once the new content is in.
  let skippedTo = null;
  const focusHeading = (id) => {
    const target = document.getElementById(id);
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  };

  document.addEventListener("click", (event) => {
    const skip = event.target.closest && event.target.closest("a.md-skip");
    if (!skip) return;
    skippedTo = decodeURIComponent(new URL(skip.href).hash.slice(1));
    focusHeading(skippedTo);
  });

  // Capture phase on window, ahead of Material's own Enter-clicks-a-label handling.
  window.addEventListener("keydown", (event) => {
    const label = event.target.closest && event.target.closest("label.md-header__button[role=button]");
    if (label && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      event.stopPropagation();
      label.click();
      if (label.htmlFor === "__drawer" && drawer().checked) {
        const first = document.querySelector(
          ".md-sidebar--primary .md-nav__link[href], .md-sidebar--primary .md-nav__link[tabindex='0']");
        if (first) first.focus();
      }
      return;
    }
    if (event.key === "Escape" && drawer() && drawer().checked) {
      drawer().checked = false;
      drawer().dispatchEvent(new Event("change", { bubbles: true }));
      const button = document.querySelector('label.md-header__button[for="__drawer"]');
      if (button) button.focus();
    }
  }, true);

  // Material's document$ emits on the first load and after each instant navigation.
  if (typeof document$ !== "undefined") {
    document$.subscribe(() => {
      enhanceHeaderButtons();
      nameSearchDialog();
      if (skippedTo) focusHeading(skippedTo);
      skippedTo = null;
    });
  } else {
    enhanceHeaderButtons();
    nameSearchDialog();
  }
})();
