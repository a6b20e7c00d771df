// "Which version applied on a date?": shows the form on the change log page and opens the version
// in force on the chosen day. Without JavaScript the table of periods below the form says the same.
(function () {
  var form = document.querySelector(".find-form");
  if (!form) return;
  var versions = JSON.parse(form.getAttribute("data-versions") || "[]");
  var none = form.querySelector(".find-none");
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var day = form.elements.date.value; // YYYY-MM-DD, compares as text
    var found = null;
    versions.forEach(function (v) {
      if (v.from <= day && (!found || v.from > found.from)) found = v;
    });
    if (found) {
      window.location.href = found.path;
    } else {
      none.hidden = false;
    }
  });
})();
