/* The navigation drawer (a phone, or a narrow window) opens at its top level.
 *
 * Material opens it inside the section of the current page ("Home", say), with
 * the other sections behind a "←" that reads as "close". Each section's level
 * is a checkbox (input.md-nav__toggle, id "__nav_<n>"); unchecking them as the
 * drawer opens shows the top level, where every section is one tap away.
 *
 * A level that is not open is transparent but still in the page: while the
 * drawer is open it is made inert, so Tab never lands on a link nobody sees.
 * And the current page's section, a heading on a desktop, is a step of the
 * drawer like the others: its label takes focus while the drawer is open.
 */
(() => {
  "use strict";

  const LEVELS = '.md-nav--primary input.md-nav__toggle[id^="__nav_"]';

  const hideClosedLevels = (drawerOpen) => {
    for (const level of document.querySelectorAll(LEVELS)) {
      const nav = level.parentElement.querySelector(":scope > nav.md-nav");
      if (nav) nav.inert = drawerOpen && !level.checked;
      const label = level.parentElement.querySelector(":scope > label.md-nav__link");
      if (drawerOpen && label && !label.hasAttribute("tabindex")) {
        label.tabIndex = 0;
        label.dataset.pbDrawerStep = "";
      } else if (!drawerOpen && label && label.hasAttribute("data-pb-drawer-step")) {
        label.removeAttribute("tabindex");
        label.removeAttribute("data-pb-drawer-step");
      }
    }
  };

  document.addEventListener("change", (event) => {
    const drawer = document.getElementById("__drawer");
    if (event.target === drawer && drawer.checked) {
      for (const level of document.querySelectorAll(`${LEVELS}:checked`)) level.checked = false;
    }
    if (event.target === drawer || event.target.matches(LEVELS)) hideClosedLevels(drawer.checked);
  });
})();
