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
// A row just added takes the focus: whoever pressed "+ Thêm" (on a keyboard too) goes on typing in it.
document.addEventListener("htmx:afterSwap", function (event) {
  if (event.target.id !== "items") { return; }
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
