/* Small behaviours the pages declare with data- attributes, so no page needs inline script
   (the Content-Security-Policy forbids it):
   - data-confirm="Question?" on a form (on submit) or a submit button (on click): ask first.
   - data-check-all="name" on a checkbox: tick or untick every box of that name in its form.
   - data-autosubmit on a select: submit its form when the choice changes.
   - data-select-on-click on an input: select its text when clicked (links to copy).
   - data-nav on the header, data-nav-toggle on its menu button (aria-controls names the list):
     on phones the navigation folds behind the button; without script it stays open, stacked. */
(function () {
  "use strict";
  function setUpMenuButton() {
    var header = document.querySelector("[data-nav]");
    var button = header && header.querySelector("button[data-nav-toggle]");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("nav-open", open);
    }
    header.classList.add("nav-js");
    show(false);
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && menu.contains(document.activeElement)) {
        show(false);
        button.focus();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpMenuButton);
  } else {
    setUpMenuButton();
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target.closest && target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    if (target.matches && target.matches("input[data-select-on-click]")) {
      target.select();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("input[type=checkbox][data-check-all]")) {
      var name = target.getAttribute("data-check-all");
      var boxes = target.form ? target.form.querySelectorAll("input[type=checkbox]") : [];
      for (var i = 0; i < boxes.length; i++) {
        if (boxes[i].name === name) { boxes[i].checked = target.checked; }
      }
    }
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();
