/* A playbook's printed checklist.
 *
 * 1. The "Print checklist" button is hidden in the HTML, since it needs this
 *    script; it is shown here and prints the page (extra.css lays the printed
 *    page out as the checklist).
 * 2. The printed footer says the day it was printed: the build date is in the
 *    HTML, and is replaced with today's date just before printing.
 */
(() => {
  "use strict";

  const isoDate = (date) => {
    const pad = (number) => String(number).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  };

  const showPrintButtons = () => {
    for (const button of document.querySelectorAll("[data-pb-print][hidden]")) button.hidden = false;
  };

  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-pb-print]")) window.print();
  });

  window.addEventListener("beforeprint", () => {
    const today = isoDate(new Date());
    for (const time of document.querySelectorAll(".pb-print-footer__date")) {
      time.dateTime = today;
      time.textContent = today;
    }
  });

  // Material's document$ emits on the first load and after each instant navigation.
  if (typeof document$ !== "undefined") document$.subscribe(showPrintButtons);
  else showPrintButtons();
})();
