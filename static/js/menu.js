// Loaded in <head>, before the page is drawn: marks that scripts run, so on a phone the menu starts folded
// behind its button (without scripts it stays open and the button hidden).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) { return; }
  button.hidden = false;
  function set(open, focusButton) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
    if (!open && focusButton) { button.focus(); }
  }
  button.addEventListener("click", function () {
    // a disclosure: the focus stays on the button, the next Tab enters the menu that follows it
    set(button.getAttribute("aria-expanded") !== "true", false);
  });
  // Escape folds the menu and gives the focus back to its button.
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && button.offsetParent) {
      set(false, true);
    }
  });
});
// The account menu (a <details>) closes when the user clicks or tabs elsewhere, as a menu does.
document.addEventListener("click", function (event) {
  document.querySelectorAll("details.account-menu[open]").forEach(function (d) {
    if (!d.contains(event.target)) { d.open = false; }
  });
});
