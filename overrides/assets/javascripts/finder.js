/* The playbook finder (/playbooks/): narrows the list by the facets chosen.
 *
 * Each row carries its facets as data- attributes (space-separated tokens);
 * the form is hidden in the HTML, since it needs this script, so without it
 * the full list shows. The choice is kept in the query string, so a filtered
 * list can be shared, and the count of matches is announced (role="status").
 */
(() => {
  "use strict";

  const setUp = () => {
    const form = document.querySelector("form.pb-finder");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "true";
    const selects = [...form.querySelectorAll("select")];
    const count = document.querySelector(".pb-finder__count");
    // Each row's facets read once, as sets, so a change only compares tokens.
    const rows = [...document.querySelectorAll(".pb-finder__list > li")].map((row) => ({
      row,
      facets: Object.fromEntries(selects.map((select) =>
        [select.name, new Set((row.dataset[select.name] || "").split(" ").filter(Boolean))])),
    }));

    const apply = () => {
      const chosen = selects.filter((select) => select.value).map((select) => [select.name, select.value]);
      let shown = 0;
      for (const { row, facets } of rows) {
        const match = chosen.every(([name, value]) => facets[name].has(value));
        if (row.hidden === match) row.hidden = !match;
        if (match) shown += 1;
      }
      count.textContent = `${shown} of ${rows.length} playbooks shown.`;
      return chosen;
    };

    const params = new URLSearchParams(location.search);
    for (const select of selects) {
      const wanted = params.get(select.name);
      if (wanted && [...select.options].some((option) => option.value === wanted)) select.value = wanted;
    }
    form.hidden = false;
    apply();

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
