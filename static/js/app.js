// Send the CSRF token with every htmx request (no inline script: the token sits on <body>).
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.body.getAttribute("data-csrf");
  if (token) { event.detail.headers["X-CSRFToken"] = token; }
});
// Ask before an action that cannot be undone in one click (forms marked data-confirm).
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
// Item rows of a plan or commitment: move up, move down, remove, without reloading the page.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-row]");
  if (!button) { return; }
  var row = button.closest(".item-row");
  var what = button.getAttribute("data-row");
  if (what === "up" && row.previousElementSibling) {
    row.parentNode.insertBefore(row, row.previousElementSibling);
  } else if (what === "down" && row.nextElementSibling) {
    row.parentNode.insertBefore(row.nextElementSibling, row);
  } else if (what === "remove") {
    // the focus goes to the row that takes its place (or the one above), else to "+ Thêm", never lost
    var neighbour = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    var next = neighbour ? firstField(neighbour) : document.querySelector("[hx-target='#items']");
    if (next) { next.focus(); }
    return;
  }
  button.focus();
});
function firstField(row) { return row.querySelector("textarea, input:not([type=hidden]), select"); }
// A row just added takes the focus: whoever pressed "+ Thêm" (on a keyboard too) goes on typing in it. Only
// while the focus is still on that button: on a slow line the row may come after the person has gone on
// typing elsewhere, and their next words must not land in the new row.
document.addEventListener("htmx:afterSwap", function (event) {
  if (event.target.id !== "items") { return; }
  var active = document.activeElement;
  if (active && active !== document.body && !active.matches("[hx-target='#items']")) { return; }
  var rows = event.target.querySelectorAll(".item-row");
  var field = rows.length ? firstField(rows[rows.length - 1]) : null;
  if (field) { field.focus(); }
});
// Attendance: mark everyone present in one tap, then change the few who were not.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-all-present]");
  if (!button) { return; }
  var form = button.closest("form");
  form.querySelectorAll("input[type=radio][value=present]").forEach(function (radio) { radio.checked = true; });
});
// The approval queue: "Chọn tất cả", a live count of the ticked rows, and a confirmation naming how many will
// be approved. The server approves only the ids posted, whatever this script does.
function bulkForm(root) {
  var tools = root.querySelector(".bulk-tools");
  if (!tools) { return; }
  tools.hidden = false;
  updateBulk(tools.closest("form"));
}
function bulkText(template, n, total) {
  return template.replace("%(n)s", n).replace("%(total)s", total);
}
function updateBulk(form) {
  var boxes = form.querySelectorAll("input[name=ids]");
  var ticked = form.querySelectorAll("input[name=ids]:checked").length;
  var all = form.querySelector("[data-pick-all]");
  var label = form.querySelector(".picked");
  var button = form.querySelector("[data-bulk-approve]");
  if (all) {
    all.checked = boxes.length > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  if (label) { label.textContent = bulkText(label.getAttribute("data-picked-label"), ticked, boxes.length); }
  if (button && ticked) { button.textContent = bulkText(button.getAttribute("data-label-some"), ticked); }
  var none = form.querySelector(".bulk-none");
  if (none && ticked) { none.textContent = ""; }
}
document.addEventListener("change", function (event) {
  var form = event.target.closest("form");
  if (!form || !form.querySelector("[data-bulk-approve]")) { return; }
  if (event.target.hasAttribute("data-pick-all")) {
    form.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = event.target.checked; });
  }
  updateBulk(form);
});
document.addEventListener("submit", function (event) {
  var button = event.submitter && event.submitter.closest("[data-bulk-approve]");
  if (!button) { return; }
  var ticked = event.target.querySelectorAll("input[name=ids]:checked").length;
  if (!ticked) {
    event.preventDefault();
    event.target.querySelector(".bulk-none").textContent = button.getAttribute("data-none");
    return;
  }
  if (!window.confirm(bulkText(button.getAttribute("data-confirm-some"), ticked))) { event.preventDefault(); }
});
document.addEventListener("DOMContentLoaded", function () {
  bulkForm(document);
  // On a phone the filters fold away (their summary counts those applied): the records come first.
  if (window.matchMedia("(max-width: 640px)").matches) {
    document.querySelectorAll("details.filter-box[open]").forEach(function (d) { d.open = false; });
  }
});
document.addEventListener("htmx:afterSwap", function (event) { bulkForm(event.target); });
