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

// After the program changes: a problem about exercises[n] is shown in the n-th row's slot, so number the
// slots in page order; and a card already in the program says so (a plan lists an exercise once).
function renumber() {
  const picked = new Set();
  document.querySelectorAll("#picked > .row").forEach((row, index) => {
    row.querySelector(".msgs").id = `msg-exercises-${index}`;
    picked.add(row.querySelector("input[name='ex.id']").value);
  });
  document.querySelectorAll(".card button[name=add]").forEach((button) => {
    const added = picked.has(button.value);
    button.disabled = added;
    button.textContent = added ? "In the program" : "Add";
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

const UNREACHABLE = "The page cannot reach 'handouts serve'; is it still running?";

// A file built from the form as it is at the click (never from an older preview), handed to `use`;
// a refusal (a mistake to fix) is shown instead.
async function fetchFile(button, url, use) {
  const message = document.getElementById("download-message");
  message.replaceChildren();
  button.disabled = true;
  try {
    const form = new URLSearchParams(new FormData(document.getElementById("plan-form")));
    const answer = await fetch(url, { method: "POST", body: form });
    if (!answer.ok) {
      message.textContent = await answer.text();
      return false;
    }
    use(URL.createObjectURL(await answer.blob()), fileName(answer.headers.get("content-disposition"), "handout"));
    return true;
  } catch (error) {
    message.textContent = UNREACHABLE;
    return false;
  } finally {
    button.disabled = false;
  }
}

function download(button) {
  return fetchFile(button, button.dataset.download, (address, name) => {
    const link = document.createElement("a");
    link.href = address;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(address), 60000);
  });
}

// The PDF in a tab of its own, where the browser's viewer prints it. The tab is opened within the click
// (a tab opened after waiting for the server would be taken for a pop-up and blocked).
async function openToPrint(button) {
  const tab = window.open("", "_blank");
  const opened = await fetchFile(button, button.dataset.open, (address) => { if (tab) tab.location = address; });
  if (!opened && tab) tab.close();
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
  renumber();
  // The library is swapped whole when the language changes: listen on the document, not on its inputs.
  document.addEventListener("input", (event) => { if (event.target.id === "search") filterCards(); });
  document.addEventListener("change", (event) => { if (event.target.matches(".filter")) filterCards(); });
  document.addEventListener("click", onMove);
  document.querySelectorAll("button[data-download]").forEach((button) =>
    button.addEventListener("click", () => download(button)));
  document.querySelectorAll("button[data-open]").forEach((button) =>
    button.addEventListener("click", () => openToPrint(button)));
  // htmx says nothing when the server is gone (stopped, or the computer restarted): the page does.
  document.body.addEventListener("htmx:sendError", () => {
    document.getElementById("download-message").textContent = UNREACHABLE;
  });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (["picked", "plan-form", "library"].includes(event.target.id)) renumber();
    // A new preview answers for the form as it is: an older download message no longer applies.
    if (event.target.id === "preview") document.getElementById("download-message").replaceChildren();
  });
  // A file just opened replaces the form; its old message goes.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (event.target.id === "open-form") document.getElementById("open-message").replaceChildren();
  });
});
