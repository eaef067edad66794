// The page's own behaviour: find exercises, reorder the program, keep the draft for this tab, keep downloads
// in step with the form. Everything that needs the server (adding rows, the preview, opening a plan, a
// roster) is htmx.
"use strict";

const DRAFT = "handouts-draft";  // sessionStorage: this tab only, gone when the tab is closed

function matches(card, words, filters) {
  if (!words.every((word) => card.dataset.search.includes(word))) return false;
  return filters.every(([facet, value]) => {
    if (!value) return true;
    if (facet === "favourite") return card.querySelector(".star").getAttribute("aria-pressed") === "true";
    return (card.dataset[facet] || "").split(" ").includes(value);
  });
}

function filterCards() {
  const words = document.getElementById("search").value.toLowerCase().split(/\s+/).filter(Boolean);
  const filters = [...document.querySelectorAll(".filter")].map((input) =>
    [input.dataset.facet, input.type === "checkbox" ? (input.checked ? input.value : "") : input.value]);
  let shown = 0;
  for (const card of document.querySelectorAll(".card")) {
    card.hidden = !matches(card, words, filters);
    if (!card.hidden) shown += 1;
  }
  document.getElementById("no-match").hidden = shown > 0;
}

function rows() {
  return [...document.querySelectorAll("#picked > .row")];
}

// After the program changes: a problem about exercises[n] is shown in the n-th row's slot, so number the
// slots in page order; and a card already in the program says so (a plan lists an exercise once). The
// card's button stays focusable (aria-disabled, not disabled), so the focus stays where the hand is.
function renumber() {
  const picked = new Set();
  rows().forEach((row, index) => {
    const slot = row.querySelector(".msgs");
    slot.id = `msg-exercises-${index}`;
    row.querySelectorAll("input:not([type=hidden]), select").forEach((box) => box.setAttribute("aria-describedby", slot.id));
    picked.add(row.querySelector("input[name='ex.id']").value);
  });
  document.querySelectorAll(".card button[name=add]").forEach((button) => {
    const added = picked.has(button.value);
    button.setAttribute("aria-disabled", added ? "true" : "false");
    button.querySelector(".add-word").textContent = added ? "In the program" : "Add";
  });
}

// Said to a screen reader after each change of the program: what is in it now, in order.
function announce() {
  const titles = rows().map((row) => row.querySelector(".row-head strong").textContent);
  document.getElementById("program-status").textContent = titles.length
    ? `${titles.length} in the program: ${titles.join(", ")}.` : "The program is empty.";
}

function planChanged() {
  renumber();
  announce();
  htmx.trigger(document.body, "plan-changed");
}

// -- reordering: a row's arrows, Alt+Up and Alt+Down, or its grip dragged ---------------------------

function move(row, direction) {
  const focused = document.activeElement;
  if (direction === "up" && row.previousElementSibling) row.previousElementSibling.before(row);
  else if (direction === "down" && row.nextElementSibling) row.nextElementSibling.after(row);
  else return false;
  if (focused && row.contains(focused)) focused.focus();  // moving a node drops its focus: give it back
  return true;
}

function remove(row) {
  // The focus goes to the row that takes its place (or the one above, or the program's heading).
  const next = row.nextElementSibling || row.previousElementSibling;
  row.remove();
  (next ? next.querySelector("button[data-move=remove]") : document.getElementById("program-title")).focus();
}

function onMove(event) {
  const button = event.target.closest("button[data-move]");
  if (!button || button.dataset.move === "drag") return;
  const row = button.closest(".row");
  if (button.dataset.move === "remove") remove(row);
  else if (!move(row, button.dataset.move)) return;
  planChanged();
}

function onKey(event) {
  const row = event.target.closest && event.target.closest("#picked > .row");
  if (!row || !event.altKey || !["ArrowUp", "ArrowDown"].includes(event.key)) return;
  event.preventDefault();
  if (move(row, event.key === "ArrowUp" ? "up" : "down")) planChanged();
}

let dragged = null;

function onDragStart(event) {
  if (!event.target.matches || !event.target.matches(".grip")) return;
  dragged = event.target.closest(".row");
  dragged.classList.add("dragging");
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", "");  // Firefox starts a drag only with data
}

function onDragOver(event) {
  if (!dragged) return;
  const over = event.target.closest && event.target.closest("#picked > .row");
  if (!over) return;
  event.preventDefault();
  if (over === dragged) return;
  const box = over.getBoundingClientRect();
  if (event.clientY < box.top + box.height / 2) over.before(dragged);
  else over.after(dragged);
}

function onDragEnd() {
  if (!dragged) return;
  const grip = dragged.querySelector(".grip");
  dragged.classList.remove("dragging");
  dragged = null;
  grip.focus();
  planChanged();
}

// -- errors beside their boxes; the last good pages kept while there is something to fix ------------

// The box a plan path names: exercises[1].hold_s is the second row's Hold, patient.name the Name field.
function boxFor(where) {
  const row = /^exercises\[(\d+)\]\.(\w+)/.exec(where);
  if (row) {
    const found = rows()[Number(row[1])];
    return found && found.querySelector(`[name='ex.${row[2]}']`);
  }
  return document.querySelector(`#plan-form [name='${CSS.escape(where)}']`);
}

function outlineMistakes() {
  document.querySelectorAll("#plan-form [aria-invalid]").forEach((box) => box.removeAttribute("aria-invalid"));
  document.querySelectorAll("#invalid-fields li").forEach((item) => {
    const box = boxFor(item.dataset.where);
    if (box) box.setAttribute("aria-invalid", "true");
  });
}

// A name in the summary above the preview takes the focus to its box (or, for a field with no one box, to the
// first control near its message).
function goToMistake(event) {
  const link = event.target.closest("a.goto");
  if (!link) return;
  const box = boxFor(link.dataset.where);
  if (!box) return;
  event.preventDefault();
  box.scrollIntoView({ block: "center" });
  box.focus();
}

let lastPages = null;

function keepLastPages() {
  const preview = document.getElementById("preview");
  const pages = preview.querySelector(".pages");
  if (pages) {
    lastPages = pages;
    return;
  }
  if (!lastPages || !preview.querySelector(".status.bad")) return;
  lastPages.classList.add("stale");
  lastPages.setAttribute("aria-label", "The last handout that printed: out of date until the mistakes are fixed");
  const note = document.createElement("p");
  note.className = "stale-note";
  note.textContent = "Out of date: these are the pages before the change. Fix the mistakes above to update them.";
  preview.append(note, lastPages);
}

// -- the draft: kept for this tab (a reload brings it back), never on disk --------------------------

function formText() {
  return new URLSearchParams(new FormData(document.getElementById("plan-form"))).toString();
}

function hasWork() {
  const form = document.getElementById("plan-form");
  return Boolean(form && (form.elements["patient.name"].value.trim() || rows().length));
}

function saveDraft() {
  if (hasWork()) sessionStorage.setItem(DRAFT, formText());
  else sessionStorage.removeItem(DRAFT);
}

// After a reload the server gives the form back as the draft holds it (the form's fields only).
async function restoreDraft() {
  const draft = sessionStorage.getItem(DRAFT);
  if (!draft) return;
  const answer = await fetch("/draft", { method: "POST", body: new URLSearchParams(draft) });
  if (!answer.ok) return;
  document.getElementById("plan-form").outerHTML = await answer.text();
  const form = document.getElementById("plan-form");
  htmx.process(form);  // its own preview follows, as on a first load
  renumber();
}

// -- downloads --------------------------------------------------------------------------------------

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
    const sheet = document.getElementById("fridge-sheet");  // the handout with its fridge sheet, when ticked
    if (url.endsWith(".pdf") && sheet && sheet.checked) url += "?sheet=add";
    const answer = await fetch(url, { method: "POST", body: new URLSearchParams(formText()) });
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

function saveAs(address, name) {
  const link = document.createElement("a");
  link.href = address;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(address), 60000);
}

function download(button) {
  return fetchFile(button, button.dataset.download, saveAs);
}

// The PDF in a tab of its own, where the browser's viewer prints it. The tab is opened within the click
// (a tab opened after waiting for the server would be taken for a pop-up and blocked).
async function openToPrint(button) {
  const tab = window.open("", "_blank");
  const opened = await fetchFile(button, button.dataset.open, (address) => { if (tab) tab.location = address; });
  if (!opened && tab) tab.close();
}

document.addEventListener("DOMContentLoaded", () => {
  renumber();
  // The library and the form are swapped whole (a language, a template, a draft): listen on the document.
  document.addEventListener("input", (event) => { if (event.target.id === "search") filterCards(); });
  document.addEventListener("change", (event) => { if (event.target.matches(".filter")) filterCards(); });
  document.addEventListener("click", onMove);
  document.addEventListener("click", goToMistake);
  document.addEventListener("keydown", onKey);
  document.addEventListener("dragstart", onDragStart);
  document.addEventListener("dragover", onDragOver);
  document.addEventListener("drop", (event) => { if (dragged) event.preventDefault(); });
  document.addEventListener("dragend", onDragEnd);
  document.querySelectorAll("button[data-download]").forEach((button) =>
    button.addEventListener("click", () => download(button)));
  document.querySelectorAll("button[data-open]").forEach((button) =>
    button.addEventListener("click", () => openToPrint(button)));
  // A card already in the program adds nothing (its button keeps the focus, so it is not disabled).
  document.body.addEventListener("htmx:confirm", (event) => {
    if (event.target.getAttribute("aria-disabled") === "true") event.preventDefault();
  });
  // htmx says nothing when the server is gone (stopped, or the computer restarted): the page does.
  document.body.addEventListener("htmx:sendError", () => {
    document.getElementById("download-message").textContent = UNREACHABLE;
  });
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (["picked", "plan-form", "library"].includes(event.target.id)) renumber();
    if (event.target.id === "picked") announce();
    if (event.target.id === "preview") {
      // A new preview answers for the form as it is: an older download message no longer applies.
      document.getElementById("download-message").replaceChildren();
      outlineMistakes();
      saveDraft();
    }
  });
  // At once, in the same task as the swap: the last good pages never blink out between two answers.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.target.id === "preview") keepLastPages();
  });
  // A file just opened replaces the form; its old message goes.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (event.target.id === "open-form") document.getElementById("open-message").replaceChildren();
  });
  // Leaving while there is work in the form asks first (a reload then brings the draft back).
  window.addEventListener("beforeunload", (event) => {
    saveDraft();
    if (hasWork()) event.preventDefault();
  });
  restoreDraft();
});

// -- a log page read back -----------------------------------------------------------------------------

const NEXT_STATE = { ticked: "empty", empty: "unsure", unsure: "ticked" };

// Each box over the page as read, where it was printed (shares of the page: the page's policy allows no
// style written in the HTML, only the page's own script setting it).
function placeBoxes(slot) {
  const page = slot.querySelector(".log-page");
  if (!page) return;
  page.style.aspectRatio = page.dataset.aspect;
  for (const box of page.querySelectorAll(".log-box")) {
    const [left, top, width, height] = box.dataset.place.split(" ");
    Object.assign(box.style, { left: `${left}%`, top: `${top}%`, width: `${width}%`, height: `${height}%` });
  }
}

document.addEventListener("htmx:afterSwap", (event) => {
  if (event.target.id === "read-log") placeBoxes(event.target);
});

// The record as the boxes are now, fetched like the handout's downloads (a plain form's post would name no
// origin the page's guard accepts, under its no-referrer policy).
document.addEventListener("submit", async (event) => {
  if (event.target.id !== "log-record") return;
  event.preventDefault();
  const fields = new URLSearchParams(new FormData(event.target, event.submitter));
  const message = document.getElementById("read-log-message");
  message.replaceChildren();
  try {
    const answer = await fetch("/log-record", { method: "POST", body: fields });
    if (!answer.ok) {
      message.textContent = await answer.text();
      return;
    }
    saveAs(URL.createObjectURL(await answer.blob()), fileName(answer.headers.get("content-disposition"), "record"));
  } catch (error) {
    message.textContent = UNREACHABLE;
  }
});
const MARKS = { ticked: "✓", empty: "○", unsure: "?" };

// A click corrects a box as read: ticked, then empty, then unsure, then ticked again; the record's form
// sends the states back as they are now.
document.addEventListener("click", (event) => {
  const box = event.target.closest(".log-box");
  if (!box) return;
  const state = NEXT_STATE[box.dataset.state];
  box.classList.replace(box.dataset.state, state);
  box.dataset.state = state;
  box.querySelector("span").textContent = MARKS[state];
  box.setAttribute("aria-label", `${box.dataset.label}: ${state}`);
  box.title = box.getAttribute("aria-label");
  const states = document.querySelector("#log-record input[name=states]");
  const letters = [...states.value];
  letters[Number(box.dataset.index)] = state[0];
  states.value = letters.join("");
});
