// The page's own behaviour: find exercises, reorder the program, keep downloads in step with the form.
// Everything that needs the server (adding a row, the preview, opening a plan, a roster) is htmx.
"use strict";

function matches(card, words, filters) {
  if (!words.every((word) => card.dataset.search.includes(word))) return false;
  return filters.every(([facet, value]) => !value || (card.dataset[facet] || "").split(" ").includes(value));
}

function filterCards() {
  const words = document.getElementById("search").value.toLowerCase().split(/\s+/).filter(Boolean);
  const filters = [...document.querySelectorAll(".filter")].map((select) => [select.dataset.facet, select.value]);
  let shown = 0;
  for (const card of document.querySelectorAll(".card")) {
    card.hidden = !matches(card, words, filters);
    if (!card.hidden) shown += 1;
  }
  document.getElementById("no-match").hidden = shown > 0;
}

// A problem about exercises[n] is shown in the n-th row's slot: number the slots in page order.
function renumber() {
  document.querySelectorAll("#picked > .row").forEach((row, index) => {
    row.querySelector(".msgs").id = `msg-exercises-${index}`;
  });
}

// A download is of the last preview: after any edit it waits for the next one.
function markStale() {
  const downloads = document.getElementById("downloads");
  if (downloads) downloads.classList.add("stale");
}

function planChanged() {
  renumber();
  markStale();
  htmx.trigger(document.body, "plan-changed");
}

function onMove(event) {
  const button = event.target.closest("button[data-move]");
  if (!button) return;
  const row = button.closest(".row");
  const move = button.dataset.move;
  if (move === "up" && row.previousElementSibling) row.previousElementSibling.before(row);
  else if (move === "down" && row.nextElementSibling) row.nextElementSibling.after(row);
  else if (move === "remove") row.remove();
  else return;
  planChanged();
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search").addEventListener("input", filterCards);
  document.querySelectorAll(".filter").forEach((select) => select.addEventListener("change", filterCards));
  document.addEventListener("click", onMove);
  document.addEventListener("input", (event) => { if (event.target.closest("#plan-form")) markStale(); });
  document.addEventListener("change", (event) => { if (event.target.closest("#plan-form")) markStale(); });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.target.id === "picked" || event.target.id === "plan-form") renumber();
  });
  // A file just opened replaces the form; its old message goes.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (event.target.id === "open-form") document.getElementById("open-message").replaceChildren();
  });
});
