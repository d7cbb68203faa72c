/* Small behaviours the pages declare with data- attributes, so no page needs inline script
   (the Content-Security-Policy forbids it):
   - data-confirm="Question?" on a form (on submit) or a submit button (on click): ask first.
   - data-check-all="name" on a checkbox: tick or untick every box of that name in its form.
   - data-autosubmit on a select: submit its form when the choice changes.
   - data-select-on-click on an input: select its text when clicked (links to copy). */
(function () {
  "use strict";
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
