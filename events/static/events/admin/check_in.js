// Check-in without reloading the list: the same form post, answered with the updated row as JSON.
// Without this script (or when the post fails to arrive) the form posts and the page reloads.
(function () {
  "use strict";
  var list = document.querySelector("[data-checkin-list]");
  var status = document.querySelector("[data-checkin-status]");
  var count = document.querySelector("[data-stat='checked-in']");
  if (!list || !window.fetch) return;

  list.addEventListener("submit", function (event) {
    var form = event.target;
    var row = form.closest("li");
    if (!row || form.dataset.sending) return;
    event.preventDefault();
    form.dataset.sending = "1";
    var button = form.querySelector("button");
    if (button) button.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (answer) {
        if (answer.data.row) {
          var holder = document.createElement("template");
          holder.innerHTML = answer.data.row.trim();
          var fresh = holder.content.firstElementChild;
          row.replaceWith(fresh);
          if (count) count.textContent = answer.data.count;
          var next = fresh.querySelector("button");
          if (next) next.focus();
        } else {
          delete form.dataset.sending;
          if (button) button.removeAttribute("aria-busy");
        }
        if (status) status.textContent = answer.data.message || "";
      })
      .catch(function () {
        // Offline or an answer that is not ours: let the browser post the form the plain way.
        form.submit();
      });
  });
})();
