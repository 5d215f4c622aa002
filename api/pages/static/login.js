// Sign in without putting the token in a URL: send it once as a Bearer header to
// /pages/session, which sets the HttpOnly cookie. A link may carry it as #token=...
(function () {
  "use strict";

  function signIn(token, next) {
    return fetch("/pages/session", {
      credentials: "same-origin", cache: "no-store",
      headers: {"Authorization": "Bearer " + token}
    }).then(function (response) {
      if (response.status === 204) { window.location.replace(next); return; }
      document.getElementById("login-failed").hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("login-form");
    if (!form) { return; }
    var next = form.querySelector("input[name=next]").value || "/";
    var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (match) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
      signIn(decodeURIComponent(match[1]), next);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      signIn(document.getElementById("login-token").value.trim(), next);
    });
  });
})();
