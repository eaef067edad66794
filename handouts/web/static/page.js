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

function planChanged() {
  renumber();
  htmx.trigger(document.body, "plan-changed");
}

// The name the server gave the file (RFC 6266: filename*=UTF-8''...), or a plain one.
function fileName(disposition, fallback) {
  const found = /filename\*=UTF-8''([^;]+)/.exec(disposition || "");
  return found ? decodeURIComponent(found[1]) : fallback;
}

// Downloads are built from the form as it is at the click, never from an older preview.
async function download(button) {
  const message = document.getElementById("download-message");
  message.replaceChildren();
  button.disabled = true;
  try {
    const form = new URLSearchParams(new FormData(document.getElementById("plan-form")));
    const answer = await fetch(button.dataset.download, { method: "POST", body: form });
    if (!answer.ok) {
      message.textContent = await answer.text();
      return;
    }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await answer.blob());
    link.download = fileName(answer.headers.get("content-disposition"), "handout");
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  } catch (error) {
    message.textContent = `The page could not reach handouts serve (${error.message}); is it still running?`;
  } finally {
    button.disabled = false;
  }
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
  document.querySelectorAll("button[data-download]").forEach((button) =>
    button.addEventListener("click", () => download(button)));
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.target.id === "picked" || event.target.id === "plan-form") renumber();
    // A new preview answers for the form as it is: an older download message no longer applies.
    if (event.target.id === "preview") document.getElementById("download-message").replaceChildren();
  });
  // A file just opened replaces the form; its old message goes.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (event.target.id === "open-form") document.getElementById("open-message").replaceChildren();
  });
});
