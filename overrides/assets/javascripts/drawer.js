/* The navigation drawer (a phone, or a narrow window) opens at its top level.
 *
 * Material opens it inside the section of the current page ("Home", say), with
 * the other sections behind a "←" that reads as "close". Each section's level
 * is a checkbox (input.md-nav__toggle, id "__nav_<n>"); unchecking them as the
 * drawer opens shows the top level, where every section is one tap away.
 */
(() => {
  "use strict";

  document.addEventListener("change", (event) => {
    if (event.target.id !== "__drawer" || !event.target.checked) return;
    for (const level of document.querySelectorAll('.md-nav--primary input.md-nav__toggle[id^="__nav_"]:checked')) {
      level.checked = false;
    }
  });
})();
