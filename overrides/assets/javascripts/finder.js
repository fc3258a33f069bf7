/* The playbook finder (/playbooks/): narrows the list by the facets chosen.
 *
 * Each row carries its facets as data- attributes (space-separated tokens);
 * the form is hidden in the HTML, since it needs this script, so without it
 * the full list shows. A long list is split into pages (linked from
 * .pb-finder__pages): the script reads the rows of the later pages into this
 * one, so the facets narrow every playbook. The choice is kept in the query
 * string, so a filtered list can be shared, and the count of matches is
 * announced (role="status").
 */
(() => {
  "use strict";

  const setUp = () => {
    const form = document.querySelector("form.pb-finder");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "true";
    const selects = [...form.querySelectorAll("select")];
    const count = document.querySelector(".pb-finder__count");
    const list = document.querySelector(".pb-finder__list");
    const pager = document.querySelector(".pb-finder__pages");
    // On a phone the facets fold behind their summary, which says how many are chosen, so results show first.
    const facets = form.querySelector(".pb-finder__facets");
    const chosenNote = form.querySelector(".pb-finder__chosen");
    // Each row's facets read once, as sets, so a change only compares tokens.
    const rows = [];
    const addRows = (elements) => {
      for (const row of elements) {
        rows.push({
          row,
          facets: Object.fromEntries(selects.map((select) =>
            [select.name, new Set((row.dataset[select.name] || "").split(" ").filter(Boolean))])),
        });
      }
    };
    addRows(list.querySelectorAll(":scope > li"));
    let partial = Boolean(pager);

    const apply = () => {
      const chosen = selects.filter((select) => select.value).map((select) => [select.name, select.value]);
      let shown = 0;
      for (const { row, facets } of rows) {
        const match = chosen.every(([name, value]) => facets[name].has(value));
        if (row.hidden === match) row.hidden = !match;
        if (match) shown += 1;
      }
      chosenNote.textContent = chosen.length ? `(${chosen.length} chosen)` : "";
      count.textContent = partial
        ? `${shown} of the ${rows.length} playbooks on this page shown; the other pages are linked below.`
        : `${shown} of ${rows.length} playbooks shown.`;
      return chosen;
    };

    // The later pages' rows, fetched from this site and parsed as inert HTML: their links are made
    // absolute against the page they came from, then the rows join this list in page order.
    const loadLaterPages = async () => {
      const pages = [...pager.querySelectorAll("a[href]")].map((link) => new URL(link.getAttribute("href"), location.href));
      const parsed = await Promise.all(pages.map(async (url) => {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const later = [...page.querySelectorAll(".pb-finder__list > li")];
        for (const link of page.querySelectorAll(".pb-finder__list > li a[href]")) {
          link.setAttribute("href", new URL(link.getAttribute("href"), response.url).href);
        }
        return later;
      }));
      for (const later of parsed) {
        const adopted = later.map((row) => document.importNode(row, true));
        list.append(...adopted);
        addRows(adopted);
      }
      partial = false;
      pager.hidden = true;
    };

    const params = new URLSearchParams(location.search);
    for (const select of selects) {
      const wanted = params.get(select.name);
      if (wanted && [...select.options].some((option) => option.value === wanted)) select.value = wanted;
    }
    facets.open = !matchMedia("(max-width: 44.984375em)").matches;
    form.hidden = false;
    apply();
    if (pager) {
      // Offline (file://) a browser may refuse to fetch the other pages: this page's rows stay narrowed.
      loadLaterPages().then(apply, () => apply());
    }

    form.addEventListener("change", () => {
      const query = new URLSearchParams(apply()).toString();
      try {
        history.replaceState(history.state, "", query ? `?${query}` : location.pathname);
      } catch (error) {
        // A browser may refuse to change a file:// address (the offline bundle): the list is narrowed all the same.
      }
    });
    form.addEventListener("submit", (event) => event.preventDefault());
  };

  // Material's document$ emits on the first load and after each instant navigation.
  if (typeof document$ !== "undefined") document$.subscribe(setUp);
  else setUp();
})();
